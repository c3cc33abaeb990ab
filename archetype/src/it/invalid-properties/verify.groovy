// The generation failed (invoker.buildResult = failure); check it said why, for each property,
// and left no project behind.
def log = new File(basedir, 'build.log').text

assert log.contains("kopgen-archetype: cannot generate Bad_Operator:")
assert log.contains("artifactId 'Bad_Operator' must be a DNS-1123 label")
assert log.contains("package 'com.my-company' is not a Java package name (it defaults to the groupId): pass -Dpackage=com.mycompany.")
assert log.contains("resourceKind 'Controller' is also the name of dev.kopgen.annotations.Controller")
assert log.contains("resourceGroup 'widgets' must be a DNS subdomain with at least one dot")
assert log.contains("Nothing was generated.")
assert !new File(basedir, 'Bad_Operator').exists()
return true
