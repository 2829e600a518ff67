#!/usr/bin/env bash
# Rewrites the lock (requirements/main.txt and requirements/dev.txt) from pyproject.toml's ranges
# with pip-compile, hashes included. Run it after changing a dependency; commit both files.
#   scripts/lock.sh               keep the pinned versions that still satisfy the ranges
#   scripts/lock.sh --upgrade     take the newest releases
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools"
"$tools/bin/python" -m pip install --quiet --disable-pip-version-check "pip-tools==7.6.2"
compile=("$tools/bin/pip-compile" --quiet --strip-extras --generate-hashes --allow-unsafe
         --no-emit-index-url --no-emit-find-links "$@")
cd requirements
"${compile[@]}" -o main.txt ../pyproject.toml
"${compile[@]}" --extra dev -o dev.txt ../pyproject.toml
