// Runs after the generated project's own `mvn verify` passed: checks that the names derived from
// the archetype's defaults came out as documented, and that the end-to-end test really ran.
// The archetype plugin hands the generated project's directory over in the map 'context'.
def projectDir = context.projectDir
def target = new File(projectDir, 'target')

assert new File(projectDir, 'src/main/java/com/example/WebAppReconciler.java').isFile()
assert new File(target, 'classes/com/example/KopgenOperator.class').isFile()
assert new File(target, 'kubernetes/crds/webapps.example.com.yaml').isFile()
// The controller (and so its Lease) is named after the reconciler class.
assert new File(target, 'kubernetes/role-leader-election.yaml').text.contains('- web-app')
assert new File(target, 'kubernetes/deployment.yaml').text.contains('namespace: webapp-operator')

def report = new File(target, 'failsafe-reports/TEST-com.example.WebAppOperatorIT.xml')
assert report.isFile()
def suite = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report).documentElement
assert ['tests', 'failures', 'errors', 'skipped'].collect { suite.getAttribute(it) } == ['1', '0', '0', '0']
return true
