#!/usr/bin/env bash
# Installs csorg with its test dependencies (scripts/bootstrap.sh dev) and runs the test suite.
# Extra arguments go to pytest. Tests that need Graphviz never skip when CI is set.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
exec .venv/bin/python -m pytest -q "$@"
