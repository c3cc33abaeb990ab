// Both builds ran on Maven 3.9 and succeeded: the project was generated and packaged, and
// kopgen's processor and plugin did their work under it.
assert mavenVersion.startsWith('3.9.') : "expected Maven 3.9.x, ran on ${mavenVersion}"
def project = new File(basedir, 'flow-operator')
def target = new File(project, 'target')
assert new File(target, 'classes/com/example/KopgenOperator.class').isFile()
assert new File(target, 'classes/META-INF/kopgen/operator.properties').isFile()
def deployment = new File(target, 'kubernetes/deployment.yaml')
assert deployment.isFile()
assert deployment.text.contains('terminationGracePeriodSeconds:')
assert new File(target, 'kubernetes/Kustomization').isFile()
return true
