def log = new File(basedir, 'build.log').getText('UTF-8')
assert !log.contains('[WARNING] No processor claimed') : 'javac processing lint warned'
assert !log.contains('warnings found and -Werror specified')
assert new File(basedir, 'target/classes/META-INF/kopgen/operator.properties').exists()
assert new File(basedir, 'target/kubernetes/deployment.yaml').exists()
return true
