// Shared helpers for the browser checks: start `dossier serve` on a copy of a portfolio,
// launch Debian's Chromium through playwright-core.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import net from "node:net";
import { chromium } from "playwright-core";

export const repo = new URL("../..", import.meta.url).pathname;
export const binary = process.env.DOSSIER_BIN || join(repo, "target/release/dossier");

/**
 * The portfolios the browser checks build, each with the page types to visit (site-relative).
 * `sample-portfolio` is what an educator sees first; `tests/portfolios/rich` carries every
 * field, Welsh and right-to-left text, a sub-path base_url and hostile strings everywhere;
 * `tests/portfolios/messy` is one written by a stranger from the format alone.
 */
export const PORTFOLIOS = [
  {
    name: "sample",
    dir: "sample-portfolio",
    pages: [
      "", "artefacts/", "artefacts/fa-pilot/", "case-studies/", "tags/", "tags/coaching/",
      "competencies/", "competencies/coaching/", "competencies/strategic-leadership/",
      "testimonials/", "timeline/", "for/deputy-head-northfield/", "dossier/",
      "for/deputy-head-northfield/dossier/", "404.html",
      "readiness/", "artefacts/development-plan-2025-26/", "measures/ks3-maths-standard/",
      "brief/", "for/deputy-head-northfield/brief/",
    ],
  },
  {
    name: "rich",
    dir: "tests/portfolios/rich",
    pages: [
      "", "artefacts/", "artefacts/fa-pilot/", "artefacts/rtl-voices/", "artefacts/dwyieithog-project/",
      "artefacts/nested-observation/", "artefacts/what-colleagues-say/", "artefacts/reflection-first-year/", "case-studies/", "tags/",
      "tags/cymraeg/", "competencies/", "competencies/coaching/", "competencies/strategic-leadership/",
      "testimonials/", "timeline/", "for/deputy-head-ysgol-y-bryn/", "for/head-of-maths-northfield/",
      "dossier/", "for/deputy-head-ysgol-y-bryn/dossier/", "404.html",
      "readiness/", "artefacts/development-plan/", "measures/reading-percentile/",
      "brief/", "for/deputy-head-ysgol-y-bryn/brief/", "for/head-of-maths-northfield/brief/",
    ],
  },
  {
    // A stranger's folder as Windows and a phone leave it (tests/unseen.rs): an `.MD` file,
    // CRLF and a byte order mark, accents in file names, a table no phone can fit, Welsh,
    // Arabic, Hebrew and Chinese, negative and decimal measures, an artefact with no body.
    name: "messy",
    dir: "tests/portfolios/messy",
    pages: [
      "", "artefacts/", "artefacts/peer-review/", "artefacts/wellbeing/", "artefacts/empty/",
      "competencies/", "testimonials/", "dossier/", "brief/", "for/deputy-head/",
    ],
  },
  {
    // A primary teacher's pages pasted from Word (tests/unseen2.rs): curly quotes, no-break
    // spaces, `•` bullets, skipped heading levels, raw HTML, a .JPG, a 60-row table.
    name: "wordpaste",
    dir: "tests/portfolios/wordpaste",
    pages: [
      "", "artefacts/", "artefacts/phonics-catch-up/", "competencies/", "timeline/", "dossier/",
      "brief/", "tags/", "404.html",
    ],
  },
  {
    // Notes brought from other tools (tests/unseen3.rs): Obsidian on Windows (CRLF, BOM, a
    // leftover wikilink, comments, a callout), a Notion export (<aside>, hash-suffixed names),
    // a Hugo post, a macOS decomposed file name; published in a sub-folder.
    name: "migrated",
    dir: "tests/portfolios/migrated",
    pages: [
      "", "artefacts/", "artefacts/reading-project/", "artefacts/coaching-log-3f2a9c1e4b7d/",
      "artefacts/peer-review/", "tags/", "competencies/", "dossier/", "brief/", "404.html",
    ],
  },
];

/** The path part of a portfolio's `base_url` ("/" or "/~amara/portfolio/"): where it is served. */
export function basePath(dir) {
  const line = readFileSync(join(dir, "portfolio.yaml"), "utf8").match(/^base_url:\s*"?([^"\s]+)"?/m);
  return line ? new URL(line[1]).pathname.replace(/\/?$/, "/") : "/";
}

export function copyPortfolio(from) {
  const dir = mkdtempSync(join(tmpdir(), "dossier-browser-"));
  cpSync(from, dir, { recursive: true });
  return dir;
}

export async function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `dossier serve` and resolves once it answers. */
export async function serve(dir, extra = []) {
  const port = await freePort();
  const child = spawn(binary, ["serve", dir, "--port", String(port), ...extra], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}/`;
  const started = Date.now();
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) break;
    } catch {}
    if (Date.now() - started > 60000) throw new Error(`dossier serve did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, log: () => log, stop: () => child.kill("SIGINT") };
}

export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
}

/** Prints the closing line CI reads, and sets the exit code. */
export function finish(passed, failed) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}
