#!/usr/bin/env python3
"""A rebuild from `dossier build --cache` after one artefact changed, against a cold build.

    python3 benches/rebuild.py [--sizes 1000,10000] [--runs 5] [--out /dev/shm] [--no-build]

The portfolio is benches/gen.py's; dossier is built with `cargo build --release` (unless
--no-build, or DOSSIER_BIN names a binary). For each size: cold builds (a fresh output folder,
no cache), then the cache is filled once, then each run edits one artefact's title and rebuilds
with the cache into the same output (what a CI does with `actions/cache`), and one run rebuilds
with nothing changed. Medians of wall time; the machine's load average is printed, since the
machine may be shared.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(command):
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def retitle(portfolio, run):
    """Changes the title of one artefact (a different one each run)."""
    folder = os.path.join(portfolio, "artefacts", "a000")
    name = sorted(os.listdir(folder))[run % len(os.listdir(folder))]
    path = os.path.join(folder, name)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = text.replace('title: "', f'title: "Edit {run} ', 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default="/dev/shm")
    ap.add_argument("--no-build", action="store_true")
    a = ap.parse_args()
    dossier = os.environ.get("DOSSIER_BIN") or os.path.join(ROOT, "target", "release", "dossier")
    if not a.no_build and "DOSSIER_BIN" not in os.environ:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    print(f"load average before: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    print("| artefacts | cold | rebuild, one title changed | ratio | rebuild, nothing changed |")
    print("|---:|---:|---:|---:|---:|")
    for n in [int(s) for s in a.sizes.split(",")]:
        work = os.path.join(a.out, f"dossier-rebuild-{n}")
        shutil.rmtree(work, ignore_errors=True)
        portfolio, out, cache = (os.path.join(work, d) for d in ("portfolio", "out", "cache"))
        subprocess.run([sys.executable, os.path.join(ROOT, "benches", "gen.py"), "--n", str(n),
                        "--flavor", "dossier", portfolio], check=True)
        colds = []
        for run in range(a.runs):
            cold_out = os.path.join(work, f"cold-{run}")
            colds.append(timed([dossier, "build", portfolio, "-o", cold_out]))
            shutil.rmtree(cold_out)
        timed([dossier, "build", portfolio, "-o", out, "--cache", cache])
        rebuilds = []
        for run in range(a.runs):
            retitle(portfolio, run)
            rebuilds.append(timed([dossier, "build", portfolio, "-o", out, "--cache", cache]))
        unchanged = timed([dossier, "build", portfolio, "-o", out, "--cache", cache])
        cold, rebuild = statistics.median(colds), statistics.median(rebuilds)
        print(f"| {n:,} | {cold:.2f} s | {rebuild:.2f} s | {rebuild / cold:.2f} | {unchanged:.2f} s |",
              flush=True)
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
