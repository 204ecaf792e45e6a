#!/bin/sh
# fetch.sh DIR: download the two Debian packages the Japanese name lists
# are built from and unpack the dictionary sources into DIR (about 240 MB
# for UniDic's lex_3_1.csv). Needs apt-get (after apt-get update) and
# dpkg-deb. Then:
#   go run ./tools/jpnames -unidic DIR/lex_3_1.csv -ipadic DIR/Noun.name.csv
set -eu
dir=${1:?usage: fetch.sh DIR}
mkdir -p "$dir"
cd "$dir"
apt-get download unidic-mecab=3.1.1-1 mecab-ipadic=2.7.0-20070801+main-3
dpkg-deb --fsys-tarfile unidic-mecab_3.1.1-1_all.deb |
	tar -xO ./usr/share/mecab/dic/unidic/lex_3_1.csv >lex_3_1.csv
dpkg-deb --fsys-tarfile mecab-ipadic_2.7.0-20070801+main-3_all.deb |
	tar -xO ./usr/share/mecab/dic/ipadic/Noun.name.csv >Noun.name.csv
sha256sum lex_3_1.csv Noun.name.csv
