def log = new File(basedir, 'build.log').getText('UTF-8')
// The processor refuses it on the annotation value, with advice that fits the case.
assert log.contains('WebAppReconciler.java:[12,') : 'the error points at the @Controller line'
assert log.contains('[kopgen/ResourceType] resource: WebApp carries no @Group and @Version'
    + ' (io.fabric8.kubernetes.model.annotation) of its own')
assert !log.contains('\tat ') : 'a diagnostic, not a stack trace'
assert !new File(basedir, 'target/classes/META-INF/kopgen/operator.properties').exists()
assert !new File(basedir, 'target/kubernetes').exists()
return true
