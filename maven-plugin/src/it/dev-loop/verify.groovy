// kopgen:dev ran the operator against a local API server, it reconciled the sample, and it shut
// down gracefully when kopgen.dev.exitAfter had passed.
def log = new File(basedir, 'build.log').getText('UTF-8')

// Always the real API server (the mock only when asked for): its binaries found in
// kube-api-test's directory, or built there from the plugin's Go module.
assert log =~ /kopgen dev: API server: REAL kube-apiserver, because (kube-api-test binaries found in|built from Go modules with) /
assert !log.contains('MOCK')
assert log.contains('kopgen dev: starting com.example.KopgenOperator as ServiceAccount kopgen-dev/dev-loop-operator, POD_NAME=dev-loop-operator-dev, ')

// The generated objects were applied before the operator started, the excluded sample was not.
assert log.contains('kopgen dev: applied CustomResourceDefinition greetings.it.kopgen.dev')
assert log.contains('kopgen dev: applied ServiceAccount kopgen-dev/dev-loop-operator')
assert log.contains('kopgen dev: applied sample Greeting kopgen-dev/hello  (greeting.yaml)')
assert !log.contains('skip-broken.yaml')

// The operator's JVM got the Deployment's JVM settings (JAVA_TOOL_OPTIONS), as in the pod.
assert log.contains('[operator] Picked up JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=50 -XX:+UseSerialGC')

// The operator's own line, streamed with the prefix, and the runtime's per-reconcile line.
assert log.contains('[operator] GREETING RECONCILED kopgen-dev/hello: Hello from the dev loop')
assert log =~ /\[operator\] .*controller greeting: reconciled kopgen-dev\/hello in \d+ ms/

// Stopped by kopgen.dev.exitAfter, SIGTERM, graceful exit 0, then the summary.
assert log.contains('kopgen dev: stopping: kopgen.dev.exitAfter (20.0 s) passed')
assert log =~ /kopgen dev: the operator exited with status 0, [\d.]+ s after SIGTERM/
// Its graceful shutdown, streamed as it happened: drain, then the Lease handed back.
assert log =~ /\[operator\] .*SIGTERM received: shutting down gracefully/
assert log =~ /\[operator\] .*shutdown: released 1 Lease\(s\) in \d+ ms/
assert log =~ /\[operator\] .*shutdown complete in \d+ ms, exit status 0/
assert log =~ /kopgen dev:   reconcile lines: [1-9]\d*/
assert log =~ /kopgen dev:   exit status:     0, [\d.]+ s after SIGTERM/
assert log.contains('BUILD SUCCESS')
return true
