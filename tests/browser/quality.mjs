// Every page type of every built-in theme, for each portfolio of PORTFOLIOS (the sample and the
// rich, hostile one, served under its base_url's sub-path), in headless Chromium: zero axe-core violations of
// WCAG 2.2 A and AA (desktop and 390 px wide, light and dark), no sideways scrolling on a
// phone nor at 320 px (400% zoom), even with the reader's own text spacing, strength marks that
// survive forced colours (Windows high contrast), no request to any other host, and under 100 KB transferred (gzip, as static hosts
// serve it) excluding the owner's images and attachments. No page may open a dialog: the rich
// portfolio's hostile strings call alert() if any of them ever runs.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, statSync, existsSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import { extname, join, normalize } from "node:path";
import { PORTFOLIOS, basePath, binary, browser, copyPortfolio, finish, freePort, repo } from "./lib.mjs";

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".svg": "image/svg+xml", ".pdf": "application/pdf", ".json": "application/json", ".xml": "application/xml" };
const AXE = readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
const themes = execFileSync(binary, ["themes"], { encoding: "utf8" }).trim().split("\n").map((l) => l.split(/\s+/)[0]);

/** Serves `root` at `prefix` (the base_url's path), as a static host would. */
function staticServer(root, port, prefix) {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const full = decodeURIComponent(new URL(req.url, "http://x").pathname);
      const inside = full.startsWith(prefix) ? full.slice(prefix.length) : "__outside_the_base_path__";
      let path = normalize(inside).replace(/^\/+/, "");
      // normalize("") is ".": the home page.
      if (path === "" || path === "." || path.endsWith("/")) path = path.replace(/^\.$/, "") + "index.html";
      const file = join(root, path);
      if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
        res.writeHead(404, { "content-type": TYPES[".html"] });
        res.end(readFileSync(join(root, "404.html")));
        return;
      }
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
      res.end(readFileSync(file));
    }).listen(port, "127.0.0.1", () => resolve(server));
  });
}

/** A page of PAGES as built: an application listed nowhere lives at `for/<slug>-<token>/`
 * (its token comes from the portfolio's secret), so `for/<slug>/` is looked up in `out`. */
function builtPath(out, path) {
  const m = path.match(/^for\/([^/]+)\/(.*)$/);
  if (!m) return path;
  const folders = existsSync(join(out, "for")) ? readdirSync(join(out, "for")) : [];
  const folder = folders.find((f) => f === m[1]) ?? folders.find((f) => f.startsWith(`${m[1]}-`) && /^[0-9a-f]{16}$/.test(f.slice(m[1].length + 1)));
  return folder ? `for/${folder}/${m[2]}` : path;
}

/** An address the site does not have: the host answers with the site's 404 page, which must
 * work there too (its links cannot be relative to where it lives). */
const UNKNOWN = ["no-such-page/deeper/"];

/** The reader's own text spacing, as WCAG 1.4.12 says a page must bear; not in a chart's SVG,
 * whose labels have fixed places (each chart has a table or text saying the same). */
const TEXT_SPACING =
  ":not(svg, svg *) { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; } svg * { letter-spacing: normal !important; word-spacing: normal !important; }";

/** Reflow (WCAG 1.4.10): at 320 px (1280 px at 400% zoom), then with TEXT_SPACING too, the page
 * must not scroll sideways (a table or chart may scroll in its own box). Leaves the page at 390
 * px; the spacing stays until the next page is loaded. */
async function reflow(page) {
  const problems = [];
  await page.setViewportSize({ width: 320, height: 900 });
  for (const spacing of [false, true]) {
    if (spacing) await page.addStyleTag({ content: TEXT_SPACING });
    const wide = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return null;
      // The outermost elements past the right edge: what to fix.
      const past = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > width + 1);
      return past
        .filter((e) => !past.includes(e.parentElement))
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}${e.className && typeof e.className === "string" ? "." + e.className.trim().replace(/\s+/g, ".") : ""}`)
        .concat(`${document.documentElement.scrollWidth}px`);
    });
    if (wide) problems.push(`scrolls sideways at 320px${spacing ? " with text spacing (WCAG 1.4.12)" : ""}: ${wide.join(", ")}`);
  }
  await page.setViewportSize({ width: 390, height: 900 });
  return problems;
}

/** Windows high contrast (forced colours) paints every background Canvas: the strength marks of
 * the evidence matrix and its key, filled by background, must still show which are filled. */
async function forcedColours(page) {
  const problems = [];
  await page.emulateMedia({ forcedColors: "active" });
  const same = await page.evaluate(() => {
    // The colour a mark shows: a transparent background shows the page's (Canvas).
    const rgb = (c) => (/^rgba\(.*, 0\)$/.test(c) || c === "transparent" ? null : c.replace(/^rgba?\(([^,]+,[^,]+,[^,)]+).*$/, "$1"));
    const look = (e) => rgb(getComputedStyle(e).backgroundColor) ?? rgb(getComputedStyle(document.body).backgroundColor);
    const pairs = [
      [".matrix :is(.s1, .s2, .s3, .s4) b:first-child", ".matrix :is(.s0, .s1, .s2, .s3) b:last-child"],
      [".strength-mark--on", ".strength-mark:not(.strength-mark--on)"],
    ];
    return pairs
      .map(([on, off]) => [document.querySelector(on), document.querySelector(off), on])
      .filter(([a, b]) => a && b && look(a) === look(b))
      .map(([, , on]) => on);
  });
  for (const selector of same) problems.push(`forced colours: a filled strength mark (${selector}) looks the same as an empty one`);
  await page.emulateMedia({ forcedColors: "none" });
  return problems;
}

let passed = 0;
let failed = 0;
const fail = (what) => {
  failed++;
  console.log(`not ok - ${what}`);
};
const chrome = await browser();
for (const { name: portfolio, dir: source, pages: LISTED } of PORTFOLIOS) for (const theme of themes) {
  const PAGES = [...LISTED, ...UNKNOWN];
  const dir = copyPortfolio(join(repo, source));
  const prefix = basePath(dir);
  const config = join(dir, "portfolio.yaml");
  writeFileSync(config, readFileSync(config, "utf8").replace(/^theme: .*$/m, `theme: ${theme}`));
  const out = join(dir, "public");
  execFileSync(binary, ["build", dir, "-o", out, "--quiet"], { stdio: "inherit" });
  const port = await freePort();
  const server = await staticServer(out, port, prefix);
  const base = `http://127.0.0.1:${port}${prefix}`;
  for (const scheme of ["light", "dark"]) {
    for (const width of [1280, 390]) {
      const page = await chrome.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
      const foreign = [];
      const dialogs = [];
      page.on("dialog", (d) => {
        dialogs.push(`${d.type()} "${d.message()}" on ${page.url()}`);
        d.dismiss().catch(() => {});
      });
      page.on("request", (r) => {
        if (!r.url().startsWith(base) && !r.url().startsWith("data:")) foreign.push(r.url());
      });
      for (const listed of PAGES) {
        const path = builtPath(out, listed);
        const name = `${portfolio} ${theme} ${scheme} ${width}px /${path}`;
        const response = await page.goto(base + path);
        if (!UNKNOWN.includes(listed) && listed !== "404.html" && response.status() !== 200) {
          fail(`${name}: answered ${response.status()}, not the page`);
          continue;
        }
        await page.addScriptTag({ content: AXE });
        const result = await page.evaluate(() =>
          axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }),
        );
        let ok = true;
        for (const v of result.violations) {
          ok = false;
          fail(`${name}: axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(", ")}`);
        }
        if (width === 390) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          if (overflow > 0) {
            ok = false;
            fail(`${name}: scrolls sideways by ${overflow}px at 390px`);
          }
          if (scheme === "light") for (const problem of await reflow(page)) {
            ok = false;
            fail(`${name}: ${problem}`);
          }
        }
        if (width === 1280 && scheme === "light") for (const problem of await forcedColours(page)) {
          ok = false;
          fail(`${name}: ${problem}`);
        }
        if (ok) passed++;
      }
      if (foreign.length) fail(`${portfolio} ${theme} ${scheme} ${width}px: requests to other hosts: ${foreign.join(", ")}`);
      else passed++;
      if (dialogs.length) fail(`${portfolio} ${theme} ${scheme} ${width}px: script ran: ${dialogs.join("; ")}`);
      else passed++;
      await page.close();
    }
  }
  // Weight: the page and its stylesheet, as a static host would send them (gzip).
  const css = readFileSync(join(out, "theme/style.css"));
  for (const listed of PAGES.filter((p) => !UNKNOWN.includes(p))) {
    const path = builtPath(out, listed);
    const file = join(out, path.endsWith(".html") ? path : path + "index.html");
    const bytes = gzipSync(readFileSync(file)).length + gzipSync(css).length;
    if (bytes > 100 * 1024) fail(`${portfolio} ${theme} /${path}: ${Math.round(bytes / 1024)} KB transferred`);
    else passed++;
  }
  server.close();
}
await chrome.close();
finish(passed, failed);
