def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('no kopgen descriptor at ')
assert log.contains('META-INF/kopgen/operator.properties')
assert log.contains("is kopgen-processor on maven-compiler-plugin's annotationProcessorPaths and does the module have a @Controller?")
assert !log.contains('\tat ') : 'a missing descriptor must not print a stack trace'
assert !new File(basedir, 'target/kubernetes').exists()
return true
