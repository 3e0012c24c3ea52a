#!/usr/bin/env bash
# Runs the pinned OPA or Regal: `scripts/opa.sh opa test ...`, `scripts/opa.sh regal lint ...`.
# The versions are pinned as Go tools (with checksums in go.sum) in scripts/gotools/<tool>/go.mod: the
# pinned module is built once into .cache/bin/<tool>-<version> and run from there. Never a binary of that
# name on PATH, which would only have to print the pinned version to be handed the policy and the
# bundle-signing key.
set -euo pipefail
tool=${1:?usage: scripts/opa.sh opa|regal args...}
shift
case "$tool" in opa | regal) ;; *) echo "scripts/opa.sh: unknown tool '$tool', expected opa or regal" >&2; exit 2 ;; esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
module_dir=$root/scripts/gotools/$tool
module=github.com/open-policy-agent/$tool
version=$(awk -v m="$module" '$1 == m { print $2; exit }' "$module_dir/go.mod")
[ -n "$version" ] || { echo "scripts/opa.sh: no version of $module in $module_dir/go.mod" >&2; exit 2; }

binary=$root/.cache/bin/$tool-$version
if [ ! -x "$binary" ]; then
  echo "scripts/opa.sh: building $module@$version (once)" >&2
  mkdir -p "$root/.cache/bin"
  (cd "$module_dir" && go build -trimpath -o "$binary.tmp" "$module") && mv "$binary.tmp" "$binary"
fi
exec "$binary" "$@"
