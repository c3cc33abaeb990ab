def dir = new File(basedir, 'target/kubernetes')
def read = { name -> new File(dir, name).getText('UTF-8') }

def deployment = read('deployment.yaml')
assert deployment.contains('  replicas: 2  # @LeaderElection(replicas = 2): one leader, the rest warm standbys')
assert deployment.contains('    type: RollingUpdate  # RollingUpdate (maxSurge 1, maxUnavailable 0)')
assert deployment.contains('      maxSurge: 1\n      maxUnavailable: 0\n')
assert deployment.contains('      terminationGracePeriodSeconds: 37  # drain 30s + lease release 2s + margin 5s')
assert deployment.contains('              fieldPath: metadata.namespace')
assert deployment.contains('readOnlyRootFilesystem: true')

def leaseRole = read('role-leader-election.yaml')
assert leaseRole.contains('kind: Role\n')
assert leaseRole.contains('  namespace: operators\n')
assert leaseRole.contains('      - coordination.k8s.io')
assert leaseRole.contains('    resourceNames:\n      - web-app-leader\n')
assert leaseRole.contains('    verbs:\n      - create\n')

def binding = read('rolebinding-leader-election.yaml')
assert binding.contains('  - kind: ServiceAccount\n    name: elected-operator\n    namespace: operators\n')

assert read('Kustomization').contains('  - role-leader-election.yaml\n')

// The image the Deployment runs is what kopgen hands Jib (the jib.* project properties).
assert deployment.contains('image: registry.example.com/elected-operator:1.0.0\n')
def buildLog = new File(basedir, 'build.log').getText('UTF-8')
assert buildLog.contains('kopgen: image registry.example.com/elected-operator:1.0.0 for Jib: java'
    + ' -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError'
    + ' com.example.KopgenOperator, user 65532:65532')
// The Deployment carries the same flags, for any image (JAVA_TOOL_OPTIONS), each with its reason.
assert deployment.contains('            - name: JAVA_TOOL_OPTIONS\n              value: "-XX:MaxRAMPercentage=50'
    + ' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"\n')
assert deployment.contains('            #   -XX:+UseSerialGC: ')
return true
