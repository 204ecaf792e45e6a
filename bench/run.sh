#!/usr/bin/env bash
# Side-by-side benchmark: mamori against peer scanners on the same corpus.
# Usage: bench/run.sh [FILES] [BYTES_PER_FILE]
# Peers are used when on PATH: gitleaks (go install github.com/zricethezav/gitleaks/v8@v8.30.1)
# and trufflehog (see ../shared/reference/ecosystem.md §7 for building it). Reports wall time,
# MB/s, peak RSS and how many planted AWS access key ids each tool found.
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-100}
size=${2:-1048576}
out=bench/out
mkdir -p "$out"
rm -rf "$out/corpus"
go run ./bench/corpus -out "$out/corpus" -files "$files" -size "$size"
go build -o "$out/mamori" ./cmd/mamori
total=$((files * size))

measure() { # name, output file, command...
  local name=$1 result=$2; shift 2
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$out/$name.rss" "$@" >"$result" 2>"$out/$name.err" || true
  t1=$(date +%s.%N)
  local secs rss
  secs=$(echo "$t1 - $t0" | bc -l)
  rss=$(tail -1 "$out/$name.rss")
  printf '%-12s %8.2f s %8.1f MB/s %8.1f MB RSS' "$name" "$secs" "$(echo "$total / 1048576 / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
}

echo
printf '%-12s %10s %13s %14s  %s\n' tool wall throughput peak found-AKIA
for procs in 1 0; do
  label=mamori; [ "$procs" = 1 ] && label=mamori-1cpu
  if [ "$procs" = 1 ]; then
    measure "$label" "$out/$label.jsonl" env GOMAXPROCS=1 "$out/mamori" scan --format jsonl --workers 1 --progress never "$out/corpus"
  else
    measure "$label" "$out/$label.jsonl" "$out/mamori" scan --format jsonl --progress never "$out/corpus"
  fi
  echo "  $(grep -o '"type":"aws_access_key_id","category":"credentials","method":"regex","risk":[0-9]*,"count":[0-9]*' "$out/$label.jsonl" | awk -F'"count":' '{s+=$2} END {print s+0}')"
done
if command -v gitleaks >/dev/null; then
  measure gitleaks "$out/gitleaks.out" gitleaks dir "$out/corpus" --no-banner --report-format json --report-path "$out/gitleaks.json" --log-level warn --exit-code 0
  echo "  $(grep -c '"RuleID": "aws-access-token"' "$out/gitleaks.json" || true)"
fi
if command -v trufflehog >/dev/null; then
  measure trufflehog "$out/trufflehog.json" trufflehog filesystem "$out/corpus" --no-verification --json --no-update
  echo "  $(grep -c '"DetectorName":"AWS"' "$out/trufflehog.json" || true)"
fi
