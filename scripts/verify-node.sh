#!/usr/bin/env bash
# Checks the Node binary that the node@24 devDependency downloaded (its preinstall fetches it from npm,
# outside package-lock.json's integrity) against the SHA-256 pinned in scripts/node.sha256, before anything
# runs it: `.ci/run` and `npm test` (its pretest) call this first. Bash and sha256sum only, so that nothing
# of the binary runs before it is checked. Usage: bash scripts/verify-node.sh [binary]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
binary=${1:-$root/node_modules/node/bin/node}
[ -f "$binary" ] || { echo "scripts/verify-node.sh: no Node binary at $binary (run npm ci first)" >&2; exit 1; }
# The version package-lock.json pins for node_modules/node.
version=$(awk '/"node_modules\/node": \{/ { found = 1 } found && /"version":/ { gsub(/[",]/, "", $2); print $2; exit }' "$root/package-lock.json")
case "$(uname -s)" in Linux) platform=linux ;; Darwin) platform=darwin ;; *) platform=$(uname -s) ;; esac
case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
package="node-$platform-$arch@$version"
pinned=$(awk -v package="$package" '$2 == package { print $1 }' "$root/scripts/node.sha256")
if [ -z "$pinned" ]; then
  echo "scripts/verify-node.sh: no SHA-256 pinned for $package in scripts/node.sha256: add the binary's, from a machine you trust, before running it" >&2
  exit 1
fi
if command -v sha256sum >/dev/null 2>&1; then actual=$(sha256sum "$binary" | cut -d' ' -f1); else actual=$(shasum -a 256 "$binary" | cut -d' ' -f1); fi
if [ "$actual" != "$pinned" ]; then
  echo "scripts/verify-node.sh: $binary is not the pinned $package: its SHA-256 is $actual, scripts/node.sha256 says $pinned" >&2
  exit 1
fi
echo "Node $version ($package): SHA-256 as pinned"
