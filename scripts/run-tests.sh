#!/usr/bin/env bash
# Installs csorg with its test dependencies from the lock (scripts/bootstrap.sh dev), then runs the
# quality gates and the test suite; each one that fails makes the run fail.
#   ruff check, ruff format --check, mypy (src/), then pytest (extra arguments go to pytest).
# Tests that need Graphviz or Chromium never skip when CI is set.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
bin=.venv/bin
status=0
echo "== ruff check" >&2
$bin/ruff check --no-cache src tests benchmarks || status=1
echo "== ruff format --check" >&2
$bin/ruff format --no-cache --check src tests benchmarks || status=1
echo "== mypy" >&2
$bin/mypy --no-incremental || status=1
echo "== pytest" >&2
$bin/python -m pytest -q -n auto "$@" || status=$?
exit "$status"
