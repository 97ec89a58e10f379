#!/usr/bin/env bash
# Times `foro copy` (docs/performance.md) of a bundle to two drives (folders on the ext4 disk, then
# two tmpfs mounts) against the manual procedure (cp -r, sync, foro verify).
set -euo pipefail
# Needs root for the tmpfs mounts. BIG_MB=100 adds a 100 MB file; RUNS=5.
cd "$(dirname "$0")/.."
FORO=${FORO:-$PWD/target/release/foro}   # cargo build --release first
W=$(mktemp -d "$PWD/target/bench-copy.XXXX")   # on the disk the repository is on
trap 'umount "$W"/ta "$W"/tb 2>/dev/null || true; rm -rf "$W"' EXIT
$FORO build content --out "$W/out" --target usb -q
big=${BIG_MB:-0}
if [ "$big" -gt 0 ]; then
  head -c "${big}M" /dev/urandom > "$W/out/usb/files/big.bin"
  (cd "$W/out/usb" && find . -type f ! -name MANIFEST.sha256 -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum > MANIFEST.sha256)
fi
echo "bundle: $(find "$W/out/usb" -type f | wc -l) files, $(du -sb "$W/out/usb" | cut -f1) bytes"
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
runs=${RUNS:-5}
for kind in disk tmpfs; do
  mkdir -p "$W/ta" "$W/tb"
  if [ $kind = tmpfs ]; then mount -t tmpfs -o size=$((big + 64))m tmpfs "$W/ta"; mount -t tmpfs -o size=$((big + 64))m tmpfs "$W/tb"; fi
  for i in $(seq "$runs"); do
    rm -rf "$W"/ta/* "$W"/tb/* 2>/dev/null || true
    sync
    a=$(t $FORO copy "$W/ta" "$W/tb" --out "$W/out" -q)
    rm -rf "$W"/ta/* "$W"/tb/*; sync
    manual() { cp -r "$W/out/usb/." "$W/ta/"; cp -r "$W/out/usb/." "$W/tb/"; sync; $FORO verify "$W/ta" -q; $FORO verify "$W/tb" -q; }
    b=$(t manual)
    echo "$kind run $i: foro copy ${a}s   cp+sync+verify ${b}s"
  done
  if [ $kind = tmpfs ]; then umount "$W/ta" "$W/tb"; fi
done
