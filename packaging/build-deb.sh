#!/bin/bash
# Builds library-kiosk_<version>_<arch>.deb with dpkg-deb (`make deb`; docs/adr/0007).
#
#   packaging/build-deb.sh [--version V] [--out DIR]   (DEB_COMPRESSION=xz: smaller, slower)
#
# The application and its Python dependencies go into a virtual environment of their own at
# /opt/library-kiosk, made from Debian's /usr/bin/python3 (3.11 on Debian 12), with the
# systemd units, /usr/bin/kiosk, an example branch config and the maintainer scripts in
# packaging/debian/. Wheels are kept in build/deb/wheels, so a second build (another
# version) needs no network. Run from a checkout after `make setup` (translations and voice
# prompts rendered). Needs: dpkg-deb, /usr/bin/python3 with venv, and for pyscard's wheel
# gcc, swig and libpcsclite-dev (all in the Makefile's APT_PACKAGES).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build/deb
OUT=$BUILD
VERSION=""
while [ $# -gt 0 ]; do
    case "$1" in
        --version) VERSION=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        *) echo "usage: $0 [--version V] [--out DIR]" >&2; exit 2 ;;
    esac
done

PYTHON=/usr/bin/python3
PIP=(${PIP:-$ROOT/.venv/bin/python -m pip})
upstream=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/pyproject.toml" | head -1)
VERSION=${VERSION:-$upstream-1}
ARCH=$(dpkg --print-architecture)
PREFIX=/opt/library-kiosk
STAGE=$BUILD/stage
SRC=$BUILD/src
WHEELS=$BUILD/wheels
PKG=library-kiosk_${VERSION}_${ARCH}.deb

pyver=$($PYTHON -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
if [ "$pyver" != 3.11 ]; then
    echo "build-deb: $PYTHON is Python $pyver; the package is for Debian 12's 3.11" >&2
    exit 1
fi
for generated in "$ROOT"/ui/translations/kiosk_ja.qm "$ROOT"/ui/voice/build; do
    if [ ! -e "$generated" ]; then
        echo "build-deb: $generated is missing: run \`make setup\` first" >&2
        exit 1
    fi
done

start=$(date +%s)
echo "build-deb: $PKG"
rm -rf "$STAGE" "$SRC"
mkdir -p "$STAGE" "$SRC" "$WHEELS" "$OUT"

# 1. The source as committed plus the working tree's changes and generated files, copied
#    so setuptools' build/ never mixes old modules into the wheel.
(cd "$ROOT" && { git ls-files -z --cached --others --exclude-standard -- kiosk drivers sync \
        ui pyproject.toml README.md; printf '%s\0' ui/translations/*.qm; } \
    | while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf -) | tar -xf - -C "$SRC"

# 2. Wheels: the project's, and its dependencies' (kept between builds).
rm -f "$WHEELS"/library_kiosk-*.whl
"${PIP[@]}" wheel -q --wheel-dir "$WHEELS" --find-links "$WHEELS" "$SRC"

# 3. The venv at its final path inside the staging root, from Debian's interpreter.
VENV=$STAGE$PREFIX
$PYTHON -m venv --without-pip "$VENV"
"${PIP[@]}" --python "$VENV/bin/python" install -q --no-compile --no-index \
    --find-links "$WHEELS" library-kiosk
SITE=$VENV/lib/python$pyver/site-packages
# the voice prompts rendered by `make setup` (not package data: they are built, not sources)
mkdir -p "$SITE/ui/voice/build"
cp "$ROOT"/ui/voice/build/*.wav "$SITE/ui/voice/build/"
# relocate: the venv was made at $VENV, it runs at $PREFIX
grep -rlI --null "$VENV" "$VENV/bin" "$VENV/pyvenv.cfg" | xargs -0 -r sed -i "s#$VENV#$PREFIX#g"
find "$VENV" -name __pycache__ -prune -exec rm -rf {} +
find "$VENV" -name direct_url.json -delete
# extension modules and bundled libraries are loaded, not run
find "$VENV" -type f -name '*.so*' -exec chmod 0644 {} +
# stray top-level folders a dependency's wheel carries (its own tests and docs)
rm -rf "$SITE/tests" "$SITE/docs"
echo "build-deb: venv ready ($(( $(date +%s) - start )) s)"
rm -f "$VENV"/bin/activate.csh "$VENV"/bin/activate.fish "$VENV"/bin/Activate.ps1
# example configs of real libraries, beside the venv
mkdir -p "$VENV/share/library-kiosk/config"
cp "$ROOT"/config/*.toml "$VENV/share/library-kiosk/config/"

# 4. The rest of the file system.
install -D -m 0644 -t "$STAGE/lib/systemd/system" "$ROOT"/systemd/*.service \
    "$ROOT"/systemd/*.timer
mkdir -p "$STAGE/usr/bin"
ln -s "$PREFIX/bin/kiosk" "$STAGE/usr/bin/kiosk"
install -D -m 0644 "$ROOT/packaging/branch.toml.example" \
    "$STAGE/usr/share/library-kiosk/branch.toml.example"
DOC=$STAGE/usr/share/doc/library-kiosk
install -D -m 0644 "$ROOT/packaging/copyright" "$DOC/copyright"
install -m 0644 "$ROOT/README.md" "$ROOT/docs/deploy.md" "$DOC/"
install -D -m 0644 "$ROOT/packaging/lintian-overrides" \
    "$STAGE/usr/share/lintian/overrides/library-kiosk"
install -D -m 0644 "$ROOT/packaging/kiosk.1" "$STAGE/usr/share/man/man1/kiosk.1"
gzip -9n "$STAGE/usr/share/man/man1/kiosk.1"
date_rfc=$(date -R -d "@${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct)}")
printf '%s\n' \
    "library-kiosk ($VERSION) bookworm; urgency=medium" "" \
    "  * Built from $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo a checkout)." \
    "" " -- Library Kiosk developers <kiosk@library.example>  $date_rfc" \
    | gzip -9n > "$DOC/changelog.Debian.gz"

# 5. Control files.
mkdir -p "$STAGE/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$size/" \
    "$ROOT/packaging/debian/control.in" > "$STAGE/DEBIAN/control"
install -m 0755 "$ROOT"/packaging/debian/{preinst,postinst,prerm,postrm} "$STAGE/DEBIAN/"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' \
    | LC_ALL=C sort -z | xargs -0 md5sum) > "$STAGE/DEBIAN/md5sums"
chmod 0644 "$STAGE/DEBIAN/control" "$STAGE/DEBIAN/md5sums"

# 6. The package: files owned by root whoever builds.
echo "build-deb: compressing ($(( $(date +%s) - start )) s)"
find "$STAGE" -type d -exec chmod 0755 {} +
# gzip: 35 s here for 197 MB, where xz -6 takes 7 minutes for 128 MB (xz -1: 100 s, 159 MB);
# zstd is faster still but lintian on Debian 12 calls it a malformed archive.
# DEB_COMPRESSION=xz for a release built on a fast machine.
case "${DEB_COMPRESSION:-gzip}" in
    xz) compress=(-Zxz -z6) ;;
    *) compress=(-Zgzip -z6) ;;
esac
dpkg-deb --root-owner-group "${compress[@]}" --threads-max=0 --build "$STAGE" "$OUT/$PKG" \
    >/dev/null
echo "build-deb: $OUT/$PKG ($(du -h "$OUT/$PKG" | cut -f1), ${size} KiB installed," \
     "$(( $(date +%s) - start )) s)"
