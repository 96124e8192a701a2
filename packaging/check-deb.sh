#!/usr/bin/env bash
# Builds Ferry's Debian package with cargo-deb and checks it without
# touching the system: what the package holds (dpkg-deb -c), then an
# install into a scratch root (dpkg --root, its own database, no scripts
# run) where the installed binary, desktop entry and plan file type are
# tried as a desktop would use them.
#
# Not part of .ci/run: it needs a release build (minutes on a small
# machine). Needs cargo-deb (`cargo install cargo-deb`) and dpkg; uses
# desktop-file-validate, update-mime-database and gio when they are there.
#
#   packaging/check-deb.sh [extra cargo-deb options, e.g. --fast]
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "check-deb: $*" >&2
  exit 1
}
command -v cargo-deb >/dev/null || fail "cargo-deb is missing: cargo install cargo-deb"
command -v dpkg-deb >/dev/null || fail "dpkg-deb is missing (Debian's dpkg)"

echo "== building the package"
# cargo-deb prints the package's path last.
deb=$(cargo deb --locked "$@" | tail -n 1)
[ -f "$deb" ] || fail "cargo deb did not say where the package is (got: $deb)"
echo "$deb"

echo "== control"
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends Section
version=$(dpkg-deb --field "$deb" Version)
crate_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
case "$version" in
  "$crate_version" | "$crate_version"-*) ;;
  *) fail "package version $version is not the crate's $crate_version" ;;
esac

echo "== contents"
listing=$(dpkg-deb -c "$deb")
echo "$listing"
expect=(
  ./usr/bin/ferry
  ./usr/share/applications/ferry.desktop
  ./usr/share/mime/packages/ferry.xml
  ./usr/share/icons/hicolor/scalable/apps/ferry.svg
  ./usr/share/doc/ferry/copyright
  ./usr/share/doc/ferry/LICENSE-MIT
  ./usr/share/doc/ferry/LICENSE-APACHE
)
for size in 16 24 32 48 64 128 256 512; do
  expect+=("./usr/share/icons/hicolor/${size}x${size}/apps/ferry.png")
done
for path in "${expect[@]}"; do
  grep -q " $path\$" <<<"$listing" || fail "the package does not install $path"
done
grep -Eq '^-rwxr-xr-x .* \./usr/bin/ferry$' <<<"$listing" \
  || fail "usr/bin/ferry is not installed executable"
echo "all ${#expect[@]} expected files are in the package"

echo "== installing into a scratch root"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/log"
touch "$root/var/lib/dpkg/status"
# Its own database and log; the libraries it depends on are the system's,
# not the scratch root's, so dependencies are not checked there.
if ! dpkg --root="$root" --log="$root/var/log/dpkg.log" --force-not-root --force-depends \
  --force-script-chrootless --install "$deb" >"$root/install.log" 2>&1; then
  cat "$root/install.log" >&2
  fail "dpkg could not install the package into the scratch root"
fi
dpkg --root="$root" --status ferry | grep -q '^Status: install ok installed$' \
  || fail "dpkg does not list ferry as installed in the scratch root"
echo "installed in $root"

echo "== the installed files at work"
said=$("$root/usr/bin/ferry" --version)
[ "$said" = "ferry $crate_version" ] || fail "ferry --version says '$said'"
echo "ferry --version: $said"
"$root/usr/bin/ferry" check "$root/usr/share/doc/ferry/examples/contoso-wave1.ron" >/dev/null \
  || fail "the installed binary cannot check the example plan"

if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/usr/share/applications/ferry.desktop"
  echo "desktop-file-validate: the installed entry is valid"
else
  echo "skipped: desktop-file-validate is missing (apt-get install desktop-file-utils)"
fi

if command -v update-mime-database >/dev/null && command -v gio >/dev/null; then
  XDG_DATA_HOME="$root/usr/share" update-mime-database "$root/usr/share/mime"
  type=$(XDG_DATA_HOME="$root/usr/share" XDG_DATA_DIRS=/usr/share \
    gio info --attributes=standard::content-type \
    "$root/usr/share/doc/ferry/examples/contoso-wave1.ron" \
    | sed -n 's/^ *standard::content-type: //p')
  [ "$type" = "application/x-ferry-plan" ] || fail "the example plan is seen as '$type'"
  echo "gio: the example plan is $type"
else
  echo "skipped: update-mime-database or gio is missing (shared-mime-info, libglib2.0-bin)"
fi

echo "check-deb: $deb is good"
