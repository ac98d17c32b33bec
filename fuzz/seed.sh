#!/usr/bin/env bash
# Seeds the fuzz corpora from the portfolios the tests already use: every fixture, the sample
# and the rich portfolio. Text files only (the fuzzer mutates text); run from fuzz/.
set -euo pipefail
cd "$(dirname "$0")"
repo=..
mkdir -p corpus/front_matter corpus/markdown corpus/whole_build

portfolios=("$repo/sample-portfolio" "$repo/tests/portfolios/rich")
while IFS= read -r config; do portfolios+=("$(dirname "$config")"); done \
  < <(find "$repo/tests/fixtures" -name portfolio.yaml | sort)

n=0
for portfolio in "${portfolios[@]}"; do
  n=$((n + 1))
  # whole_build: the portfolio as one text, each file under a `=== path ===` header.
  {
    cat "$portfolio/portfolio.yaml"
    (cd "$portfolio" && find artefacts frameworks -type f \( -name '*.md' -o -name '*.yaml' \) 2>/dev/null | sort) |
      while IFS= read -r rel; do
        printf '=== %s ===\n' "$rel"
        cat "$portfolio/$rel"
      done
    # Attachments, images and static files by name only (a line of placeholder text), so that
    # the seeds build and the fuzzer reaches rendering, not only "attachment not found".
    (cd "$portfolio" && find artefacts static -type f ! -name '*.md' 2>/dev/null | sort) |
      while IFS= read -r rel; do
        printf '=== %s ===\nplaceholder\n' "$rel"
      done
  } > "corpus/whole_build/portfolio-$n"
  # front_matter: each artefact file whole; markdown: each body and the YAML Markdown fields.
  (cd "$portfolio" && find artefacts -type f -name '*.md' 2>/dev/null | sort) | while IFS= read -r rel; do
    key=$(printf '%s' "$portfolio/$rel" | sha1sum | cut -c1-16)
    cp "$portfolio/$rel" "corpus/front_matter/$key"
    awk 'f>=2{print} /^---/{f++}' "$portfolio/$rel" > "corpus/markdown/$key"
  done
done
# Heading attributes and script URLs in Markdown alone (issue 8).
printf '## Results {autofocus tabindex=0 onfocus=alert(1)}\n\n[x](javascript:alert(1))\n' \
  > corpus/markdown/heading-attributes
find corpus -type f -empty -delete
du -sh corpus/*
