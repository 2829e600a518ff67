#!/usr/bin/env bash
# Runs the test suite against the newest release of every dependency, ignoring the lock, in a
# throw-away virtual environment: the project's scheduled CI job runs it daily so an upstream
# release that breaks csorg (as PyYAML 6.0.4's libyaml depth limit did) is seen the day it ships,
# not by a user. `.ci/run` and the README commands stay on the lock.
#   scripts/test-latest.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh system   # Graphviz, fonts, Chromium: what the tests need from the OS
venv=$(mktemp -d "${TMPDIR:-/tmp}/csorg-latest.XXXXXX")
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
pip=("$venv/bin/python" -m pip --quiet --disable-pip-version-check)
"${pip[@]}" install --upgrade pip
# --upgrade-strategy eager: every dependency at its newest release that pyproject's ranges allow.
"${pip[@]}" install --upgrade --upgrade-strategy eager ".[dev]"
echo "== newest releases:" >&2
"$venv/bin/python" -m pip list --format=freeze --disable-pip-version-check >&2
# Runs against the installed csorg (the tests import it from site-packages, as users would).
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
