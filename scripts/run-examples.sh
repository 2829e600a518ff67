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

echo "== a year's plan, two scenarios side by side, and an org designed from a customer base"
planning=examples/planning
$csorg plan examples/segmented.yaml --plan-file $planning/fy27-plan.yaml --format html \
  -o out/segmented.fy27-plan.html --write-quarters out/segmented-quarters
$csorg plan examples/segmented.yaml -s $planning/enterprise-growth.yaml \
  -s $planning/smb-pooled-to-digital.yaml --plan-file $planning/fy27-plan.yaml \
  --format markdown -o out/segmented.scenarios.md
$csorg design $planning/design-input.yaml --write out/designed.yaml -o out/designed.md \
  --format markdown
$csorg validate out/designed.yaml out/segmented-quarters/*.yaml
echo "== charts, reports and plans written to out/:"
ls out
