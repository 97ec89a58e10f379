#!/usr/bin/env bash
# Builds the same synthetic bilingual forum with foro, Hugo and (when a
# `zola` binary is on PATH) Zola, on tmpfs, and prints median wall times,
# the ratio foro/peer measured in this run, and peak memory.
#
#   bench/compare.sh [--runs N] [--sizes "1000 5000"] [--scaling]
#
# --scaling also times foro and Hugo at 500, 5,000 and 50,000 pages per
# language (time, peak memory, growth per ×10 pages, foro's stages), to
# show that nothing grows faster than linearly.
# Hugo comes from Debian's `hugo` package, installed here if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
sizes="1000 5000"
scaling=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --scaling) scaling=1; shift ;;
    *) echo "usage: bench/compare.sh [--runs N] [--sizes \"1000 5000\"] [--scaling]" >&2; exit 2 ;;
  esac
done

gen="../shared/bench/gen_corpus.py"
[ -f "$gen" ] || { echo "missing $gen (the shared benchmark corpus generator)" >&2; exit 2; }
if ! command -v hugo >/dev/null 2>&1; then
  echo "== installing Debian's hugo" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hugo >/dev/null
fi
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 2; }

cargo build --release --quiet
foro="${CARGO_TARGET_DIR:-$PWD/target}/release/foro"
work=/dev/shm/foro-bench
[ -d /dev/shm ] || work="${TMPDIR:-/tmp}/foro-bench"
mkdir -p "$work"

# Prints "<seconds> <peak KiB>" for one run of the command.
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || {
    cat "$work/stderr.txt" >&2
    return 1
  }
  cat "$work/time.txt"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

tools="foro hugo"
command -v zola >/dev/null 2>&1 && tools="$tools zola"

run_tool() { # tool corpus-dir
  case "$1" in
    foro) measure "$foro" --quiet build "$2/foro" --out "$work/out-foro" --target web ;;
    hugo) rm -rf "$2/hugo/public"; measure hugo --source "$2/hugo" --destination "$2/hugo/public" --quiet ;;
    zola) rm -rf "$2/zola/public"; measure zola --root "$2/zola" build ;;
  esac
}

printf '%-8s %-6s %10s %10s %12s\n' "pages" "tool" "median s" "foro/peer" "peak MiB"
for n in $sizes; do
  dir="$work/corpus-$n"
  formats="foro,hugo"
  case " $tools " in *" zola "*) formats="$formats,zola" ;; esac
  python3 "$gen" --n "$n" --out "$dir" --formats "$formats" >/dev/null 2>&1
  declare -A times=() mems=()
  for _ in $(seq "$runs"); do
    # Alternate the tools so that a noisy moment hits them alike.
    for t in $tools; do
      read -r s kb < <(run_tool "$t" "$dir")
      times[$t]+="$s "
      mems[$t]="$(( ${mems[$t]:-0} > kb ? ${mems[$t]:-0} : kb ))"
    done
  done
  foro_med=$(echo "${times[foro]}" | tr ' ' '\n' | grep . | median)
  for t in $tools; do
    med=$(echo "${times[$t]}" | tr ' ' '\n' | grep . | median)
    ratio=$(awk -v a="$foro_med" -v b="$med" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    [ "$t" = foro ] && ratio="-"
    printf '%-8s %-6s %10s %10s %12s\n' "2x$n" "$t" "$med" "$ratio" "$(( ${mems[$t]} / 1024 ))"
  done
  unset times mems
done

if [ "$scaling" = 1 ]; then
  # One run per size and tool, alternating the tools; the growth per ×10
  # pages shows whether time and memory grow linearly (10.0 = linear).
  echo
  echo "scaling (one run each; growth = this size / the size ×10 smaller):"
  printf '%-8s %-6s %8s %8s %10s %8s  %s\n' "pages" "tool" "s" "growth" "peak MiB" "growth" "foro stages (FORO_TIMINGS)"
  declare -A last_s=() last_kb=()
  for n in 500 5000 50000; do
    dir="$work/scale-$n"
    python3 "$gen" --n "$n" --out "$dir" --formats foro,hugo >/dev/null 2>&1
    for t in foro hugo; do
      read -r s kb < <(run_tool "$t" "$dir")
      line=""
      if [ "$t" = foro ]; then
        line=$(FORO_TIMINGS=1 "$foro" build "$dir/foro" --out "$work/out-foro" --target web 2>&1 | grep '^timing' | sed 's/^timing: //' | tr '\n' ' ')
      fi
      gs="-"; gm="-"
      if [ -n "${last_s[$t]:-}" ]; then
        gs=$(awk -v a="$s" -v b="${last_s[$t]}" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
        gm=$(awk -v a="$kb" -v b="${last_kb[$t]}" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
      fi
      last_s[$t]=$s; last_kb[$t]=$kb
      printf '%-8s %-6s %8s %8s %10s %8s  %s\n' "2x$n" "$t" "$s" "$gs" "$(( kb / 1024 ))" "$gm" "$line"
    done
    rm -rf "$dir"
  done
fi
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
