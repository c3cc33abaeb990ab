#!/usr/bin/env bash
# Builds a real etcd, kube-apiserver and kubectl from Go modules (no Docker, no
# release downloads) into the layout fabric8 kube-api-test reads offline:
#
#   <dir>/k8s/<X.Y.Z>-<os>-<arch>/{etcd,kube-apiserver,kubectl}
#
# Usage: build.sh [dir]          (dir defaults to $HOME/.kubeapitest)
#
# The Kubernetes version is the k8s.io/kubernetes require line in go.mod; it is
# the only place it is defined. The staging replace lines must carry the
# matching v0.Y.Z (checked below). The build is skipped when a stamp file in the
# target directory matches the hash of go.mod, go.sum, the mains and this script.
# Uses whatever Go module proxy settings the machine has (go env GOPROXY).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base="${1:-$HOME/.kubeapitest}"
binaries=(etcd kube-apiserver kubectl)
stamp_name=".kopgen-build-stamp"

die() { echo "build.sh: $*" >&2; exit 1; }

k8s_version="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v1\./ { print $2; exit }' "$here/go.mod")"
[[ "$k8s_version" =~ ^v1\.([0-9]+)\.([0-9]+)$ ]] \
  || die "no plain 'k8s.io/kubernetes v1.Y.Z' require line in $here/go.mod (found '$k8s_version')"
minor="${BASH_REMATCH[1]}"
staging_version="v0.${minor}.${BASH_REMATCH[2]}"
go_required="$(awk '$1 == "go" { print $2; exit }' "$here/go.mod")"

# Every staging replace must point at the release matching k8s.io/kubernetes.
mismatched="$(awk -v want="$staging_version" \
  '$2 == "=>" && $1 ~ /^k8s\.io\// && $4 != want { print "  " $0 }' "$here/go.mod")"
[[ -z "$mismatched" ]] \
  || die "staging replace lines in go.mod must use $staging_version (for $k8s_version):"$'\n'"$mismatched"

case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  ppc64le) arch=ppc64le ;;
  *) die "unsupported machine architecture $(uname -m)" ;;
esac
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
# kube-api-test compares directory names numerically: no leading 'v'.
out="$base/k8s/${k8s_version#v}-${os}-${arch}"

hash="$(cd "$here" && sha256sum go.mod go.sum cmd/*/main.go build.sh | sha256sum | cut -d' ' -f1)"

all_present() {
  local b
  for b in "${binaries[@]}"; do [[ -x "$out/$b" ]] || return 1; done
}

echo "Kubernetes $k8s_version (staging $staging_version) -> $out"

if all_present && [[ "$(cat "$out/$stamp_name" 2>/dev/null)" == "$hash" ]]; then
  echo "Binaries are current (stamp matches); nothing to do."
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  if all_present; then
    echo "go is not on PATH; using the existing binaries in $out as they are (stamp differs or is missing)."
    exit 0
  fi
  die "go is not on PATH and $out does not hold etcd, kube-apiserver and kubectl.
Either install Go >= $go_required with a reachable Go module proxy (the default
GOPROXY, or a mirror set through 'go env -w GOPROXY=...') and re-run this script,
or put prebuilt linux binaries of etcd (>= 3.5.11), kube-apiserver and kubectl
for Kubernetes $k8s_version into $out/."
fi

echo "Using $(go version); GOPROXY=$(go env GOPROXY)"
cd "$here"
mkdir -p "$out"
tmp="$(mktemp -d "$base/k8s/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

start=$SECONDS
echo "Downloading modules..."
go mod download || die "module download failed: check that the Go module proxy (go env GOPROXY) is reachable"
download_secs=$((SECONDS - start))
echo "  download: ${download_secs}s"

ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean"
done

compile_start=$SECONDS
echo "Compiling ${binaries[*]} (CGO_ENABLED=0, GOOS=$os, GOARCH=$arch)..."
CGO_ENABLED=0 GOOS="$os" GOARCH="$arch" \
  go build -trimpath -ldflags "$ldflags" -o "$tmp/" "${binaries[@]/#/./cmd/}"
compile_secs=$((SECONDS - compile_start))
echo "  compile: ${compile_secs}s"

rm -f "$out/$stamp_name"
for b in "${binaries[@]}"; do
  mv -f "$tmp/$b" "$out/$b"
done
echo "$hash" > "$out/$stamp_name"

"$out/kube-apiserver" --version
"$out/kubectl" version --client | head -1
"$out/etcd" --version | head -1
ls -l "${binaries[@]/#/$out/}"
echo "Done in $((SECONDS - start))s (download ${download_secs}s, compile ${compile_secs}s)."
