#!/usr/bin/env bash
# Re-vendor the NHS.UK frontend and htmx into the package's static files.
# Only maintainers run this (it needs npm); running linkwork needs no Node.
set -euo pipefail
NHSUK_VERSION=10.6.1   # must match nhsuk-frontend-jinja's supported version (pyproject.toml)
HTMX_VERSION=2.0.11
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/src/linkwork/core/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "nhsuk-frontend@$NHSUK_VERSION" "htmx.org@$HTMX_VERSION" >/dev/null
mkdir nhsuk htmx
tar xzf "nhsuk-frontend-$NHSUK_VERSION.tgz" -C nhsuk
tar xzf "htmx.org-$HTMX_VERSION.tgz" -C htmx
rm -rf "$dest"
mkdir -p "$dest/nhsuk" "$dest/htmx"
dist=nhsuk/package/dist/nhsuk
# The stylesheet points at /assets/...; make the paths relative so they work under STATIC_URL,
# drop source-map comments (the maps are not vendored) and the NHS web font's @font-face
# rules: the font is licensed to NHS sites and served from assets.nhs.uk, and linkwork
# loads nothing from another host (the stylesheet's own fallback, Arial, is used).
sed -e 's#url(/assets/#url(assets/#g' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
  -e 's#@font-face{[^}]*assets\.nhs\.uk[^}]*}##g' \
  "$dist/nhsuk-frontend.min.css" > "$dest/nhsuk/nhsuk-frontend.min.css"
sed -e 's#//\# sourceMappingURL=.*$##' "$dist/nhsuk-frontend.min.js" > "$dest/nhsuk/nhsuk-frontend.min.js"
cp -r "$dist/assets" "$dest/nhsuk/assets"
cp htmx/package/dist/htmx.min.js "$dest/htmx/htmx.min.js"
cp nhsuk/package/LICENSE* "$dest/nhsuk/" 2>/dev/null || true
cp htmx/package/LICENSE* "$dest/htmx/" 2>/dev/null || true
echo "nhsuk-frontend $NHSUK_VERSION, htmx $HTMX_VERSION" > "$dest/VERSIONS"
echo "vendored into $dest"
