// Runs after the generated project's own `mvn verify` passed: checks that every property reached
// the names derived from it, and that the end-to-end test really ran.
// The archetype plugin hands the generated project's directory over in the map 'context'.
def projectDir = context.projectDir
def target = new File(projectDir, 'target')

assert new File(projectDir, 'src/main/java/org/acme/platform/cache/CacheClusterReconciler.java').isFile()
assert new File(target, 'classes/org/acme/platform/cache/KopgenOperator.class').isFile()
assert new File(target, 'cache-operator-0.3.0-SNAPSHOT.jar').isFile()
assert new File(target, 'kubernetes/crds/cacheclusters.cache.platform.acme.org.yaml').isFile()
// A two-word kind gives a kebab-case controller and Lease name.
assert new File(target, 'kubernetes/role-leader-election.yaml').text.contains('- cache-cluster')
assert new File(target, 'kubernetes/deployment.yaml').text.contains('namespace: cache-operator')

def report = new File(target, 'failsafe-reports/TEST-org.acme.platform.cache.CacheClusterOperatorIT.xml')
assert report.isFile()
def suite = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report).documentElement
assert ['tests', 'failures', 'errors', 'skipped'].collect { suite.getAttribute(it) } == ['1', '0', '0', '0']
return true
