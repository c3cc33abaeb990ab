#!/usr/bin/env bash
# Builds a real etcd, kube-apiserver and kubectl from Go modules (no Docker, no
# release downloads) into the layout fabric8 kube-api-test reads offline:
#
#   <dir>/k8s/<X.Y.Z>-<os>-<arch>/{etcd,kube-apiserver,kubectl}
#
# Usage: build.sh [dir]          (dir defaults to $HOME/.kubeapitest)
#
# The Kubernetes version is the k8s.io/kubernetes require line in go.mod; it is
# the only place it is defined. To bump Kubernetes, edit that line and run this
# script: when the staging replace lines do not match (k8s.io/<staging> =>
# v0.Y.Z), it regenerates them from that release's own go.mod and runs
# `go mod tidy`; commit the updated go.mod and go.sum.
# The build is skipped when a stamp file in the target directory matches the
# hash of go.mod, go.sum, the mains and this script.
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

# Rewrites the staging replace block from k8s.io/kubernetes@$k8s_version's own
# go.mod (the staging set can change between releases), then tidies.
sync_go_mod() {
  local scratch upstream_mod staging=() edits=() m
  scratch="$(mktemp -d)"
  upstream_mod="$(cd "$scratch" && go mod download -json "k8s.io/kubernetes@$k8s_version" \
    | awk -F'"' '$2 == "GoMod" { print $4 }')"
  rmdir "$scratch"
  [[ -f "$upstream_mod" ]] || die "could not download the go.mod of k8s.io/kubernetes@$k8s_version"
  mapfile -t staging < <(awk '/^replace \(/ { r = 1; next } r && /^\)/ { r = 0 }
    r && $2 == "=>" && $3 ~ /^\.\/staging\// { print $1 }' "$upstream_mod")
  (( ${#staging[@]} > 0 )) || die "no staging replace lines in $upstream_mod"
  for m in "${staging[@]}"; do
    # requires of a staging module (direct or indirect) follow the release too
    if awk -v m="$m" '$1 == m && $2 ~ /^v/ { f = 1 } END { exit !f }' "$here/go.mod"; then
      edits+=("-require=$m@$staging_version")
    fi
  done
  m="$(awk '$1 == "godebug" && $2 ~ /^default=/ { print $2; exit }' "$upstream_mod")"
  [[ -z "$m" ]] || edits+=("-godebug=$m")
  {
    # drop every k8s.io replace (block entries and single lines) ...
    awk '/^replace \($/ { blk = 1; buf = $0 "\n"; n = 0; next }
      blk && /^\)$/ { blk = 0; if (n) printf "%s)\n", buf; next }
      blk { if ($1 ~ /^k8s\.io\// && $2 == "=>") next; buf = buf $0 "\n"; n++; next }
      $1 == "replace" && $2 ~ /^k8s\.io\// && $3 == "=>" { next }
      { print }' "$here/go.mod"
    # ... and append one block for the release's staging modules
    echo "replace ("
    for m in "${staging[@]}"; do printf '\t%s => %s %s\n' "$m" "$m" "$staging_version"; done
    echo ")"
  } > "$here/go.mod.sync"
  mv "$here/go.mod.sync" "$here/go.mod"
  (cd "$here" && go mod edit "${edits[@]}" && go mod tidy)
  echo "go.mod and go.sum now match Kubernetes $k8s_version; commit them."
}

# Every staging replace must point at the release matching k8s.io/kubernetes.
mismatched="$(awk -v want="$staging_version" \
  '$2 == "=>" && $1 ~ /^k8s\.io\// && $4 != want { print "  " $0 }' "$here/go.mod")"
if [[ -n "$mismatched" ]]; then
  command -v go >/dev/null 2>&1 \
    || die "staging replace lines in go.mod must use $staging_version (for $k8s_version); run this script with go on PATH to fix them:"$'\n'"$mismatched"
  echo "Staging replace lines do not match $k8s_version; regenerating them:"$'\n'"$mismatched"
  sync_go_mod
fi
go_required="$(awk '$1 == "go" { print $2; exit }' "$here/go.mod")"

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
or put prebuilt $os/$arch binaries of etcd (>= 3.5.11), kube-apiserver and kubectl
for Kubernetes $k8s_version into $out/."
fi

echo "Using $(go version); GOPROXY=$(go env GOPROXY)"
cd "$here"
# Build next to the target (same file system) and create the version directory
# only once the binaries exist: kube-api-test picks the highest version
# directory, so an empty one left by a failed build would break it.
mkdir -p "$base/k8s"
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
  go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$tmp/" "${binaries[@]/#/./cmd/}"
compile_secs=$((SECONDS - compile_start))
echo "  compile: ${compile_secs}s"

mkdir -p "$out"
rm -f "$out/$stamp_name"
for b in "${binaries[@]}"; do
  mv -f "$tmp/$b" "$out/$b"
done
echo "$hash" > "$out/$stamp_name"

"$out/kube-apiserver" --version
"$out/kubectl" version --client | sed -n 1p
"$out/etcd" --version | sed -n 1p
ls -l "${binaries[@]/#/$out/}"
echo "Done in $((SECONDS - start))s (download ${download_secs}s, compile ${compile_secs}s)."
