#!/usr/bin/env bash
# kopgen quick start, the main job: build and install kopgen, generate a sample operator from
# kopgen's archetype, package it, and show what landed in its target/kubernetes/ and why.
# Needs a JDK 17+ and Maven 3.8.1+; no Go, no cluster. Tests are what 'mvn -B verify' runs.
set -euo pipefail
cd "$(dirname "$0")"

version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
out="target/quickstart"
project="webapp-operator"

step() { printf '\n== %s\n' "$*"; }

step "1/3 Building kopgen $version and installing it into the local Maven repository"
mvn -B -q install -DskipTests

step "2/3 Generating $out/$project from kopgen-archetype"
rm -rf "$out" && mkdir -p "$out"
(cd "$out" && mvn -B -q org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate \
  -DarchetypeGroupId=dev.kopgen -DarchetypeArtifactId=kopgen-archetype \
  -DarchetypeVersion="$version" \
  -DgroupId=com.example -DartifactId="$project" -Dpackage=com.example.webapp \
  -DresourceKind=WebApp -DresourceGroup=example.com)

step "3/3 mvn package in $out/$project (compiles with kopgen's processor, runs its unit tests, emits manifests)"
(cd "$out/$project" && mvn -B -q package)

manifests="$out/$project/target/kubernetes"
step "What landed in $manifests"
(cd "$manifests" && find . -type f | sed 's:^\./:  :' | sort)

step "What kopgen decided, and why (from deployment.yaml)"
grep -E '^\s+((replicas|type|terminationGracePeriodSeconds):.*#|maxSurge:|maxUnavailable:)' \
  "$manifests/deployment.yaml" | sed 's/^ */  /'

cat <<MSG

Generated sources: $out/$project/target/generated-sources/annotations/
Apply with:        kubectl apply -R -f $manifests/   (or: kubectl apply -k $manifests/)
                   after building an image and passing it as -Dkopgen.image=... (see README).
Run the tests:     mvn -B verify
MSG
