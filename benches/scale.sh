#!/usr/bin/env bash
# Whole-process benchmark of `opsloop build` at DESIGN.md's scales.
#
#   benches/scale.sh            # S, M and L
#   benches/scale.sh S M        # a subset
#
# Generates each scale once with the seeded generator (seed 42) under target/bench-data/
# (or $CARGO_TARGET_DIR/bench-data/, next to the binaries)
# (never committed), builds it with the release binary and prints one Markdown table row
# per scale: wall time, CPU time (user+sys), peak RSS, output size and file count of a plain
# `opsloop build`, then the search index's first-query download (gzipped) and, on stderr,
# the per-stage wall and CPU times from a second build with `--timings` (which also gzips
# every search shard to measure downloads, seconds at L, so it is not the timed run).
set -euo pipefail
cd "$(dirname "$0")/.."
scales=("$@")
[ ${#scales[@]} -eq 0 ] && scales=(S M L)

cargo build --release -q -p opsloop -p xtask
target=${CARGO_TARGET_DIR:-target}
bin=$target/release/opsloop
printf '| scale | wall s | CPU s | peak RSS MB | output MB | files | first query KB gz | max query KB gz |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
for s in "${scales[@]}"; do
  dir=$target/bench-data/$s
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    "$target/release/xtask" gen --scale "$s" --seed 42 --out "$dir" >/dev/null
    touch "$dir/.complete"
  fi
  rm -rf "$dir/public"
  log=$(mktemp)
  /usr/bin/time -f '%e %U %S %M' -o "$log.time" "$bin" build --root "$dir" 2>"$log" || {
    echo "build of scale $s failed:" >&2; tail -20 "$log" >&2; exit 1; }
  read -r wall user sys rss_kb <"$log.time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  out_mb=$(du -sm "$dir/public" | cut -f1)
  files=$(find "$dir/public" -type f | wc -l)
  rm -rf "$dir/public" # or the timed run's write stage includes deleting the last output
  "$bin" build --root "$dir" --timings 2>"$log" >/dev/null
  first=$(sed -n 's/^search: first query \([0-9.]*\) KB gz.*/\1/p' "$log")
  maxq=$(sed -n 's/.*max query \([0-9.]*\) KB gz.*/\1/p' "$log")
  printf '| %s | %s | %s | %d | %s | %s | %s | %s |\n' "$s" "$wall" "$cpu" "$((rss_kb / 1024))" \
    "$out_mb" "$files" "${first:-?}" "${maxq:-?}"
  sed -n '/^ *ingest /,/^search: /p' "$log" | sed "s/^/    [$s] /" >&2
  rm -f "$log" "$log.time"
  rm -rf "$dir/public" # L's output is most of a GB; keep the disk for the next scale
done
