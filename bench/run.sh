#!/usr/bin/env bash
# Side-by-side benchmark: mamori against peer scanners on one corpus, one core each.
#
# Usage: bench/run.sh [FILES] [BYTES_PER_FILE]      (default 200 × 1 MiB, about 210 MB; `make bench`)
#
# Generates bench/out/corpus (PII-dense logs, CSV and code from internal/demo with credentials
# of 14 types planted at known lines; the manifest is bench/out/planted.tsv), then runs each tool
# pinned to one core (taskset -c $CPU, GOMAXPROCS=1, one worker) under /usr/bin/time -v, and prints
# CPU and wall time, MB per CPU-second, MB/s, peak RSS and recall of the planted credentials per
# type (bench/report). MB per CPU-second (user+sys) is the figure to compare on a shared machine.
#
# Peers are benchmarks only, never dependencies. Each is used when found; set the variable to a
# path to choose the binary, or to "none" to skip it:
#   GITLEAKS    default: gitleaks on PATH, else ~/go/bin/gitleaks
#               (go install github.com/zricethezav/gitleaks/v8@v8.30.1)
#   TRUFFLEHOG  default: trufflehog on PATH, else ~/.cache/mamori/bin/trufflehog (v3.90.0 built with
#               the wrapper module of ../shared/reference/ecosystem.md §7, outside the repository);
#               run with --no-verification.
# Other settings: MAMORI (a mamori binary to measure instead of building ./cmd/mamori), CPU (core
# to pin, default 0), REUSE_CORPUS=1 (keep a corpus made with the same FILES and BYTES_PER_FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-200}
size=${2:-1048576}
cpu=${CPU:-0}
out=bench/out
bin=$out/bin
mkdir -p "$bin"

find_tool() { # variable value, name, fallback path
  local want=$1 name=$2 fallback=$3
  if [ "$want" = none ]; then return 0; fi
  if [ -n "$want" ]; then
    [ -x "$want" ] || { echo "bench: $name: $want is not an executable file" >&2; exit 2; }
    echo "$want"
  elif command -v "$name" >/dev/null; then
    command -v "$name"
  elif [ -x "$fallback" ]; then
    echo "$fallback"
  fi
}
gitleaks=$(find_tool "${GITLEAKS:-}" gitleaks "$HOME/go/bin/gitleaks")
trufflehog=$(find_tool "${TRUFFLEHOG:-}" trufflehog "$HOME/.cache/mamori/bin/trufflehog")
for t in taskset /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "bench: $t not found (util-linux, GNU time)" >&2; exit 2; }
done

mamori=${MAMORI:-}
if [ -z "$mamori" ]; then
  mamori=$bin/mamori
  go build -o "$mamori" ./cmd/mamori
  echo "mamori built from $(git describe --always --dirty 2>/dev/null || echo 'the working tree')"
fi
[ -x "$mamori" ] || { echo "bench: mamori: $mamori is not an executable file" >&2; exit 2; }
go build -o "$bin/corpus" ./bench/corpus
go build -o "$bin/report" ./bench/report

stamp="$files $size"
if [ "${REUSE_CORPUS:-}" = 1 ] && [ -f "$out/corpus.stamp" ] && [ "$(cat "$out/corpus.stamp")" = "$stamp" ]; then
  echo "reusing $out/corpus ($files × $size bytes)"
else
  rm -rf "$out/corpus" "$out/corpus.stamp"
  "$bin/corpus" -out "$out/corpus" -manifest "$out/planted.tsv" -files "$files" -size "$size"
  echo "$stamp" >"$out/corpus.stamp"
fi
cat "$out"/corpus/* >/dev/null # read once, so every tool starts from the page cache

tools=()
measure() { # name, format, results file, command...
  local name=$1 format=$2 results=$3
  shift 3
  echo "running $name: $*  (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  env GOMAXPROCS=1 taskset -c "$cpu" /usr/bin/time -v -o "$out/$name.time" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr" || true
  tools+=(-tool "$name=$format:$results:$out/$name.time")
}

echo "tools: mamori=$mamori gitleaks=${gitleaks:-none} trufflehog=${trufflehog:-none}; $(nproc) CPUs, pinned to CPU $cpu"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure mamori mamori "$out/mamori.stdout" \
  "$mamori" scan --format jsonl --workers 1 --progress never "$out/corpus"
if [ -n "$gitleaks" ]; then
  rm -f "$out/gitleaks.json"
  measure gitleaks gitleaks "$out/gitleaks.json" \
    "$gitleaks" dir "$out/corpus" --no-banner --report-format json --report-path "$out/gitleaks.json" --log-level warn --exit-code 0
else
  echo "gitleaks not found: skipped (GITLEAKS=path)" >&2
fi
if [ -n "$trufflehog" ]; then
  measure trufflehog trufflehog "$out/trufflehog.stdout" \
    "$trufflehog" filesystem "$out/corpus" --no-verification --json --no-update --concurrency=1
else
  echo "trufflehog not found: skipped (TRUFFLEHOG=path)" >&2
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$bin/report" -manifest "$out/planted.tsv" -corpus "$out/corpus" "${tools[@]}"
