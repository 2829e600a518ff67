#!/usr/bin/env bash
# Installs csorg (scripts/bootstrap.sh) and runs the main job on every example org: validate,
# then chart and report each one into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
csorg=.venv/bin/csorg
mkdir -p out

echo "== csorg validate examples/*.yaml"
$csorg validate examples/*.yaml

for org in examples/*.yaml; do
  name=$(basename "$org" .yaml)
  if $csorg --help | grep -q " render "; then
    $csorg render "$org" -o "out/$name.svg"
    $csorg render "$org" -o "out/$name.png"
  fi
  if $csorg --help | grep -q " report "; then
    $csorg report "$org" --format markdown -o "out/$name.report.md"
  fi
done
echo "== charts and reports written to out/:"
ls out
