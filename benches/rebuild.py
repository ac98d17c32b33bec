#!/usr/bin/env python3
"""A rebuild from `dossier build --cache` after one artefact changed, against a cold build.

    python3 benches/rebuild.py [--sizes 1000,10000] [--runs 5] [--out /dev/shm] [--no-build]

The portfolio is benches/gen.py's; dossier is built with `cargo build --release` (unless
--no-build, or DOSSIER_BIN names a binary). For each size the cache is filled once, then each
run makes a cold build (a fresh output folder, no cache) and, right after it, edits one
artefact's title and rebuilds with the cache into the same output (what a CI does with
`actions/cache`): cold and rebuild interleaved, so a change in the machine's load reaches both.
One more run rebuilds with nothing changed. Medians of wall time and of CPU time (user +
system, of the dossier process); the machine's load average is printed, since it may be shared.

The last column is the floor of a rebuild after a public edit (the version is on every page,
so every page's bytes change): making every output file anew in new folders (`cp -r` of the
output: it reads each file as the rebuild reads its kept copy) and removing the old output
(`rm -rf`), measured after each rebuild on the same files.
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(command):
    """Wall and CPU (user + system) seconds of running `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def floor(out, work):
    """Wall and CPU of copying the output folder whole and removing the copy: the least a
    rebuild that changes every file's bytes does to the file system."""
    copy = os.path.join(work, "floor")
    made = timed(["cp", "-r", out, copy])
    removed = timed(["rm", "-rf", copy])
    return made[0] + removed[0], made[1] + removed[1]


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
    print("| artefacts | cold (wall, CPU) | rebuild, one title changed (wall, CPU) "
          "| ratio (wall, CPU) | rebuild, nothing changed (wall, CPU) "
          "| floor: every file anew (wall, CPU) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in [int(s) for s in a.sizes.split(",")]:
        work = os.path.join(a.out, f"dossier-rebuild-{n}")
        shutil.rmtree(work, ignore_errors=True)
        portfolio, out, cache = (os.path.join(work, d) for d in ("portfolio", "out", "cache"))
        subprocess.run([sys.executable, os.path.join(ROOT, "benches", "gen.py"), "--n", str(n),
                        "--flavor", "dossier", portfolio], check=True)
        cached = [dossier, "build", portfolio, "-o", out, "--cache", cache]
        timed(cached)
        colds, rebuilds, floors = [], [], []
        for run in range(a.runs):
            cold_out = os.path.join(work, f"cold-{run}")
            colds.append(timed([dossier, "build", portfolio, "-o", cold_out]))
            shutil.rmtree(cold_out)
            retitle(portfolio, run)
            rebuilds.append(timed(cached))
            floors.append(floor(out, work))
        unchanged = timed(cached)
        cold = [statistics.median(t[i] for t in colds) for i in (0, 1)]
        rebuild = [statistics.median(t[i] for t in rebuilds) for i in (0, 1)]
        least = [statistics.median(t[i] for t in floors) for i in (0, 1)]
        print(f"| {n:,} | {cold[0]:.2f} s, {cold[1]:.2f} s | {rebuild[0]:.2f} s, {rebuild[1]:.2f} s "
              f"| {rebuild[0] / cold[0]:.2f}, {rebuild[1] / cold[1]:.2f} "
              f"| {unchanged[0]:.2f} s, {unchanged[1]:.2f} s "
              f"| {least[0]:.2f} s, {least[1]:.2f} s |", flush=True)
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
