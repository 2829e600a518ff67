#!/usr/bin/env bash
# Fetches the JavaScript the interactive HTML chart (`csorg render org.yaml -o org.html`) inlines,
# from the npm registry, at pinned versions, checked against the registry's sha512 integrity.
# Writes src/csorg_cli/render/vendor/: the minified builds and each package's licence file, as
# published (never edited by hand; re-run this script to change a version, and commit the result).
#
#   d3-org-chart 3.1.1  MIT    (licence file: misc/LICENSE.md in the package)
#   d3           7.9.2  ISC
#   d3-flextree  2.1.2  WTFPL  (d3-org-chart's layout; a permissive licence)
#
# Needs `npm` (only to download: `npm pack` runs no package scripts) and `tar`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/csorg_cli/render/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# package@version  sha512 integrity (npm view PACKAGE@VERSION dist.integrity)
packages=(
  "d3-org-chart@3.1.1 sha512-kDLk3cRqEw5x4KohwZlvTTiPMdY/vo+ROKktyOt9s2Eu0bX/cNlXP9UvM6wXLy9uHmx9D945klSqGlDRXzfK2Q=="
  "d3@7.9.2 sha512-ZKb/mONPVKzaO5UlcWcwN8bS4ezvQaYu+bsou+XgNABdGC800kwH651ADTbbTxMPHW13UlvbQafdmJQDk1w7Mg=="
  "d3-flextree@2.1.2 sha512-gJiHrx5uTTHq44bjyIb3xpbmmdZcWLYPKeO9EPVOq8EylMFOiH2+9sWqKAiQ4DcFuOZTAxPOQyv0Rnmji/g15A=="
)

for entry in "${packages[@]}"; do
  spec=${entry%% *}
  integrity=${entry#* }
  name=${spec%@*}
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  tarball=$(ls "$work"/"$name"-[0-9]*.tgz)
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [[ "$actual" != "$integrity" ]]; then
    echo "vendor-chart: $spec does not match its pinned integrity ($actual)" >&2
    exit 1
  fi
  mkdir -p "$work/$name"
  tar xzf "$tarball" -C "$work/$name"
done

cp "$work/d3-org-chart/package/build/d3-org-chart.min.js" "$out/d3-org-chart.min.js"
cp "$work/d3-org-chart/package/misc/LICENSE.md" "$out/LICENSE-d3-org-chart.md"
cp "$work/d3/package/dist/d3.min.js" "$out/d3.min.js"
cp "$work/d3/package/LICENSE" "$out/LICENSE-d3.txt"
cp "$work/d3-flextree/package/build/d3-flextree.min.js" "$out/d3-flextree.min.js"
cp "$work/d3-flextree/package/LICENSE" "$out/LICENSE-d3-flextree.txt"
{
  echo "# Vendored by scripts/vendor-chart.sh; do not edit by hand."
  for entry in "${packages[@]}"; do echo "$entry"; done
} > "$out/VERSIONS.txt"
echo "vendor-chart: wrote $(ls "$out" | wc -l) files to $out"
