#!/usr/bin/env bash
# Installs what csorg needs on a Debian (or Ubuntu) machine: Graphviz and fonts from apt when they
# are missing, then a virtual environment in .venv with csorg in it.
#   scripts/bootstrap.sh          csorg only
#   scripts/bootstrap.sh dev      csorg and the test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "dev" ] && extras="[dev]"

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
# grep without -q reads all of fc-list: under pipefail an early exit would count as "missing".
command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -i "DejaVu Sans" >/dev/null || missing+=(fonts-dejavu-core fontconfig)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)

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

python3 - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"bootstrap: csorg needs Python 3.11 or newer; this is {sys.version.split()[0]}")
PY

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
echo "bootstrap: csorg $(.venv/bin/csorg --version | cut -d' ' -f2) ready in .venv (dot: $(command -v dot || echo missing))" >&2
