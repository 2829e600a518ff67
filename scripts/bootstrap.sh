#!/usr/bin/env bash
# Installs what csorg needs on a Debian (or Ubuntu) machine: Graphviz and fonts from apt when they
# are missing, then a virtual environment in .venv with csorg and the exact versions of
# requirements/*.txt (the lock, made by scripts/lock.sh from pyproject.toml's ranges).
#   scripts/bootstrap.sh          csorg only
#   scripts/bootstrap.sh dev      csorg and the test dependencies (Chromium for browser tests, and
#                                 mermaid-cli under tools/mermaid with npm ci)
#   scripts/bootstrap.sh system   only what the tests need from the OS (Graphviz, fonts, Chromium)
# The venv is reinstalled only when pyproject.toml or the lock changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

lock=requirements/main.txt
[ "${1:-}" = "dev" ] && lock=requirements/dev.txt

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
# grep without -q reads all of fc-list: under pipefail an early exit would count as "missing".
command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -i "DejaVu Sans" >/dev/null || missing+=(fonts-dejavu-core fontconfig)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)
# The browser tests drive the system's Chromium; they never skip in CI.
if [ "${1:-}" != "" ] && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
# mermaid-cli (tools/mermaid, pinned by its package-lock.json) tests the Mermaid output.
if [ "${1:-}" != "" ] && ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "bootstrap: installing ${missing[*]} with apt-get" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: please install ${missing[*]} with your package manager" >&2
  fi
fi

if [ "${1:-}" != "" ] && command -v npm >/dev/null 2>&1; then
  # The exact versions of package-lock.json, reinstalled only when it changed. Puppeteer never
  # downloads a browser: it drives the system's Chromium (tools/mermaid/puppeteer-config.json).
  tools=tools/mermaid
  wanted_tools=$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$tools/node_modules/.csorg-installed" 2>/dev/null)" != "$wanted_tools" ]; then
    (cd "$tools" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    echo "$wanted_tools" > "$tools/node_modules/.csorg-installed"
  fi
fi

[ "${1:-}" = "system" ] && exit 0

python3 - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"bootstrap: csorg needs Python 3.11 or newer; this is {sys.version.split()[0]}")
PY

[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=.venv/.csorg-installed
wanted="$lock $(cat pyproject.toml "$lock" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  pip=(.venv/bin/python -m pip --quiet --disable-pip-version-check)
  "${pip[@]}" install --require-hashes --no-deps -r "$lock"
  # csorg itself, editable, with its dependencies already pinned above; bytecode is compiled so
  # the first run starts as fast as the next.
  "${pip[@]}" install --no-deps -e .
  .venv/bin/python -m compileall -q src >/dev/null
  echo "$wanted" > "$stamp"
fi
echo "bootstrap: csorg $(.venv/bin/csorg --version | cut -d' ' -f2) ready in .venv (dot: $(command -v dot || echo missing))" >&2
