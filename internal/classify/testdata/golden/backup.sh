#!/bin/bash
set -euo pipefail

SRC=${1:-/var/www}
DEST=/backup/$(date +%Y-%m-%d)
KEEP=7

mkdir -p "$DEST"
if ! command -v rsync >/dev/null 2>&1; then
    echo "rsync is missing" >&2
    exit 1
fi

for dir in "$SRC"/*/; do
    name=$(basename "$dir")
    echo "backing up $name"
    rsync -a --delete "$dir" "$DEST/$name/"
done

find /backup -maxdepth 1 -type d -mtime +"$KEEP" -exec rm -rf {} \;
echo "done: $(du -sh "$DEST" | cut -f1)"
