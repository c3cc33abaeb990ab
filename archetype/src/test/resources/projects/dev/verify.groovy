// Runs after `mvn compile kopgen:dev -Dkopgen.dev.exitAfter=15s -Dkopgen.dev.replicas=2` passed
// in a freshly generated project, with no step its README does not name: the real API server
// (never the mock), both replicas started as the generated ServiceAccount, exactly one led, and
// the archetype's reconciler (server-side apply of its ConfigMap and status) reconciled the
// sample without a failure; both replicas exited 0.
def projectDir = context.projectDir
def candidates = [new File(projectDir, 'build.log'), new File(projectDir.parentFile, 'build.log')]
def logFile = candidates.find { it.isFile() }
assert logFile != null : "no build.log in ${candidates}"
def lines = logFile.readLines('UTF-8').collect { it.replaceFirst(/^\[(INFO|WARNING|ERROR)\] /, '') }

assert lines.any { it.startsWith('kopgen dev: API server: REAL kube-apiserver, because ') }
assert !lines.any { it.contains('MOCK') }
(0..1).each { i ->
  assert lines.any {
    it.startsWith("kopgen dev: starting com.example.KopgenOperator as ServiceAccount kopgen-dev/dev-operator, POD_NAME=dev-operator-dev-${i}, ")
  }
  assert lines.any { it.startsWith("kopgen dev: dev-operator-dev-${i} is ready after ") }
}

// Until the loop stopped them, exactly one replica held the Lease.
int stopping = lines.findIndexOf { it.startsWith('kopgen dev: stopping: kopgen.dev.exitAfter (15.0 s) passed') }
assert stopping > 0
def leaders = lines.subList(0, stopping)
    .collect { (it =~ /^\[(dev-operator-dev-\d)\] .*controller web-app: acquired Lease/) }
    .findAll { it.find() }
    .collect { it.group(1) }
    .unique()
assert leaders.size() == 1 : "leaders before the stop: ${leaders}"
def leader = leaders[0]
println "[figure] archetype dev loop: ${leader} led"

// The sample, reconciled by the leader with server-side apply, and no reconcile failed.
assert lines.any { it =~ /^\[${leader}\] .*controller web-app: reconciled kopgen-dev\/sample in \d+ ms/ }
assert !lines.any { it =~ /controller web-app: reconcile of .* failed/ }
// No HTTP 415 (server-side apply refused, as by a mock server); a figure such as 'started in
// 415 ms' is not one.
assert !lines.any { it =~ /\b415\b(?! ms)/ }

(0..1).each { i ->
  assert lines.any { it =~ /^kopgen dev: replica dev-operator-dev-${i} (exited with status 0, [\d.]+ s after SIGTERM|had exited with status 0)/ }
}
assert lines.any { it =~ /^kopgen dev:   exit status:     0/ }
assert lines.contains('BUILD SUCCESS')
return true
