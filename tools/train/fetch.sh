#!/bin/sh
# fetch.sh CACHE: download every pinned package of manifest.tsv into CACHE
# (deb/ and npm/), then unpack each into CACHE/x/<name>/. Resumable: what is
# already there is kept. Needs apt-get (after apt-get update), dpkg-deb, npm.
set -eu
cache=${1:?usage: fetch.sh CACHE}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$cache/deb" "$cache/npm" "$cache/x"
chmod 777 "$cache/deb" "$cache/npm" 2>/dev/null || true
grep -v '^#' "$here/manifest.tsv" | while IFS="$(printf '\t')" read -r kind name version; do
  [ -n "$kind" ] || continue
  out="$cache/x/$name"
  [ -e "$out/.done" ] && continue
  rm -rf "$out" && mkdir -p "$out"
  case $kind in
  deb)
    (cd "$cache/deb" && ls "${name}_"*.deb >/dev/null 2>&1 || apt-get download -q "$name=$version" 2>/dev/null || apt-get download -q "$name")
    dpkg-deb -x "$cache/deb/${name}_"*.deb "$out"
    ;;
  npm)
    (cd "$cache/npm" && ls "${name}-${version}.tgz" >/dev/null 2>&1 || npm pack -q "$name@$version" >/dev/null)
    tar -xzf "$cache/npm/${name}-${version}.tgz" -C "$out"
    ;;
  esac
  touch "$out/.done"
  echo "fetched $kind $name $version"
done
