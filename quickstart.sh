#!/usr/bin/env bash
# kopgen quick start, the main job: build and install kopgen, generate a sample operator from
# kopgen's archetype, package it, show what landed in its target/kubernetes/ and why, then run
# it: two replicas against a real local kube-apiserver, the sample reconciled, the leader stopped
# with SIGTERM and the standby taking over, as a transcript with measured times.
# Needs a JDK 17+ and Maven 3.8.1+; the running part also needs Go (to build the local API
# server once, ~3 min) or its binaries already in place. No cluster, no Docker.
# Tests are what 'mvn -B verify' runs.
set -euo pipefail
cd "$(dirname "$0")"

version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
out="target/quickstart"
project="webapp-operator"

# Maven, quiet, without the colour resets Maven 3.8 prints even in batch mode.
qmvn() { mvn -B -q "$@" 2>&1 | sed "s/\x1b\[0m//g"; }

step() { printf '\n== %s\n' "$*"; }

step "1/4 Building kopgen $version and installing it into the local Maven repository"
qmvn install -DskipTests

step "2/4 Generating $out/$project from kopgen-archetype"
rm -rf "$out" && mkdir -p "$out"
(cd "$out" && qmvn org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate \
  -DarchetypeGroupId=dev.kopgen -DarchetypeArtifactId=kopgen-archetype \
  -DarchetypeVersion="$version" \
  -DgroupId=com.example -DartifactId="$project" -Dpackage=com.example.webapp \
  -DresourceKind=WebApp -DresourceGroup=example.com)

step "3/4 mvn package in $out/$project (compiles with kopgen's processor, runs its unit tests, emits manifests)"
(cd "$out/$project" && qmvn package)

manifests="$out/$project/target/kubernetes"
step "What landed in $manifests"
(cd "$manifests" && find . -type f | sed 's:^\./:  :' | sort)

step "What kopgen decided, and why (from deployment.yaml)"
grep -E '^\s+((replicas|type|terminationGracePeriodSeconds):.*#|maxSurge:|maxUnavailable:)' \
  "$manifests/deployment.yaml" | sed 's/^ */  /'

step "4/4 Running $project: two replicas against a real kube-apiserver on this machine"
apiserver_dir="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
have_binaries() { compgen -G "$apiserver_dir/k8s/*/kube-apiserver" >/dev/null; }
ran=no
if command -v go >/dev/null 2>&1; then
  echo "  building (or finding current) etcd, kube-apiserver and kubectl from Go modules ..."
  if ! bash it/apiserver/build.sh "$apiserver_dir" > target/quickstart/apiserver-build.log 2>&1; then
    echo "  could not build the local API server; see target/quickstart/apiserver-build.log"
  fi
fi
if have_binaries; then
  if (cd "$out/$project" && qmvn org.codehaus.mojo:exec-maven-plugin:3.5.1:exec \
      -Dexec.executable=java -Dexec.classpathScope=test \
      -Dexec.args="-Dorg.slf4j.simpleLogger.defaultLogLevel=error -Dkopgen.apiserver.dir=$apiserver_dir -cp %classpath dev.kopgen.it.showcase.HandOverShowcase com.example.webapp.KopgenOperator"); then
    ran=yes
  else
    echo "  the running part failed (above); the static part above stands."
  fi
else
  cat <<WHY
  Skipped: no local API server. This part runs a real etcd and kube-apiserver, built once from
  Go modules by it/apiserver/build.sh into $apiserver_dir/k8s/. Install Go (the version in
  it/apiserver/go.mod or newer) and run this script again,
  or put etcd, kube-apiserver and kubectl into $apiserver_dir/k8s/<version>-linux-amd64/.
WHY
fi

cat <<MSG

Generated sources: $out/$project/target/generated-sources/annotations/
Apply with:        kubectl apply -R -f $manifests/   (or: kubectl apply -k $manifests/)
                   after building the image: mvn package -Pimage -Dkopgen.image=... (see README).
Run the tests:     mvn -B verify
MSG
# A missing API server is said above and is no failure; a showcase that ran and failed is.
if [[ "$ran" == no ]] && have_binaries; then exit 1; fi
