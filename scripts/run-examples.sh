#!/usr/bin/env bash
# Installs csorg (scripts/bootstrap.sh) and runs the main job on every example org: validate them,
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
  $csorg render "$org" -o "out/$name.svg"
  $csorg render "$org" -o "out/$name.png"
  $csorg report "$org" --format html -o "out/$name.report.html"
  $csorg report "$org" --format markdown -o "out/$name.report.md"
  $csorg plan "$org" --format markdown -o "out/$name.plan.md"
done
echo "== charts, reports and plans written to out/:"
ls out
