#!/bin/sh
# unpack.sh CACHE: unpack the source archives that some packages ship
# inside themselves (glibc, binutils and GCC tarballs, the JDK's src.zip,
# Clojure's jar) into CACHE/x/<package>/unpacked/. Resumable.
set -eu
x=$(cd "${1:?usage: unpack.sh CACHE}" && pwd)/x
one() { # one PKG ARCHIVE [MEMBERS...]
  pkg=$1 arc=$2; shift 2
  out="$x/$pkg/unpacked"
  [ -e "$out/.done" ] && return 0
  [ -e "$x/$pkg/$arc" ] || { echo "unpack: $pkg/$arc missing" >&2; return 0; }
  rm -rf "$out" && mkdir -p "$out"
  case $arc in
  *.tar.xz) tar -xJf "$x/$pkg/$arc" -C "$out" --wildcards "$@" 2>/dev/null || true ;;
  *.zip|*.jar) (cd "$out" && unzip -qo "$x/$pkg/$arc" "$@" >/dev/null 2>&1 || true) ;;
  esac
  touch "$out/.done"
  echo "unpacked $pkg $arc"
}
one glibc-source usr/src/glibc/glibc-2.36.tar.xz '*'
one binutils-source usr/src/binutils/binutils-2.40.tar.xz '*'
one gcc-12-source usr/src/gcc-12/gcc-12.2.0-dfsg.tar.xz \
  '*/gcc/testsuite/gfortran.dg/*' '*/gcc/testsuite/objc.dg/*' '*/gcc/testsuite/objc/*' \
  '*/gcc/testsuite/g++.dg/*' '*/libstdc++-v3/src/*' '*/libgfortran/*' '*/gcc/testsuite/gcc.dg/*' '*/libgo/go/*'
one openjdk-17-source usr/lib/jvm/openjdk-17/lib/src.zip 'java.base/*' 'java.desktop/*' 'java.sql/*' 'java.net.http/*' 'java.xml/*'
jar=$(cd "$x/libclojure-java" 2>/dev/null && ls usr/share/java/clojure-1*.jar 2>/dev/null | head -1 || true)
[ -n "$jar" ] && one libclojure-java "$jar" '*.clj' '*.cljc'
exit 0
