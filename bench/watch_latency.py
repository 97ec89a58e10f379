#!/usr/bin/env python3
"""Edit-to-served latency of `foro watch`.

Copies a forum project, starts `foro watch` on it, then N times appends a
sentence to one speaker's biography and polls the speaker's page until the
new sentence is served. Prints the median and the slowest latency.

    python3 bench/watch_latency.py PROJECT SPEAKER_ID [--runs 15] [--foro target/release/foro]
"""
import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("speaker")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--foro", default="target/release/foro")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="foro-latency-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    project = tmp / "forum"
    shutil.copytree(args.project, project)
    proc = subprocess.Popen([args.foro, "watch", str(project), "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        addr = None
        for line in proc.stdout:
            if line.startswith("serving http://"):
                addr = line.split()[1].rstrip("/")
                break
        if addr is None:
            print("foro watch did not start", file=sys.stderr)
            return 1
        lang = "en"
        forum = (project / "forum.yaml").read_text(encoding="utf-8")
        for line in forum.splitlines():
            if line.startswith("languages:"):
                lang = line.split("[")[1].split(",")[0].strip().rstrip("]")
        url = f"{addr}/{lang}/speakers/{args.speaker}/"
        bio = project / "speakers" / f"{args.speaker}.md"
        original = bio.read_text(encoding="utf-8")
        urllib.request.urlopen(url).read()
        latencies = []
        for i in range(args.runs):
            marker = f"Latency marker {i} {time.time_ns()}"
            start = time.perf_counter()
            bio.write_text(original + f"\n{marker}\n", encoding="utf-8")
            while True:
                body = urllib.request.urlopen(url).read().decode("utf-8")
                if marker in body:
                    break
                if time.perf_counter() - start > 30:
                    print("timed out", file=sys.stderr)
                    return 1
                time.sleep(0.002)
            latencies.append((time.perf_counter() - start) * 1000)
            time.sleep(0.2)
        print(f"{args.project}: edit-to-served over {args.runs} edits: median {statistics.median(latencies):.0f} ms, "
              f"fastest {min(latencies):.0f} ms, slowest {max(latencies):.0f} ms")
        return 0
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
