// Save-to-reloaded-page latency of `dossier serve` in a portfolio of N artefacts (default 1000),
// measured in headless Chromium; then the server's memory over many successive edits.
//
//   python3 benches/gen.py --n 1000 --flavor dossier /tmp/p1k
//   node benches/reload-latency.mjs /tmp/p1k [edits-for-latency=60] [edits-for-memory=500] [pause-ms=300]
//
// pause-ms is the time between one edit showing and the next save (an educator saves every
// few seconds; a small pause makes each save wait for the previous one's listings).
//
// Run from the repository root after `cargo build --release` and `npm ci --prefix tests/browser`.
import { readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { browser, copyPortfolio, serve } from "../tests/browser/lib.mjs";

const [source, latencyEdits = "60", memoryEdits = "500", pause = "300"] = process.argv.slice(2);
if (!source) throw new Error("usage: node benches/reload-latency.mjs PORTFOLIO [edits] [memory-edits]");
const dir = copyPortfolio(source);

function firstArtefact(folder) {
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      const found = firstArtefact(path);
      if (found) return found;
    } else if (name.endsWith(".md")) return path;
  }
}
const file = firstArtefact(join(dir, "artefacts"));
const original = readFileSync(file, "utf8");
const slug = (original.match(/^slug: (.*)$/m) || [])[1] || file.split("/").pop().replace(/\.md$/, "");
const save = (text) => {
  writeFileSync(file + ".tmp", text);
  renameSync(file + ".tmp", file);
};
const rss = (pid) => Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]);

const server = await serve(dir);
const chrome = await browser();
const page = await chrome.newPage();
await page.goto(`${server.url}artefacts/${slug}/`);

const times = [];
for (let i = 0; i < Number(latencyEdits); i++) {
  const marker = `Edited ${i} ${Date.now()}`;
  const started = performance.now();
  save(original.replace(/^title: .*$/m, `title: "${marker}"`));
  await page.waitForFunction((m) => document.querySelector("h1")?.textContent.includes(m), marker, { timeout: 20000, polling: "raf" });
  times.push(performance.now() - started);
  await new Promise((r) => setTimeout(r, Number(pause)));
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(1);
console.log(`save -> page reloaded and showing the edit, ${times.length} edits ${pause} ms apart: median ${pct(50)} ms, p90 ${pct(90)} ms, max ${times.at(-1).toFixed(1)} ms`);

await page.close();
const before = rss(server.child.pid);
for (let i = 0; i < Number(memoryEdits); i++) {
  save(original.replace(/^title: .*$/m, `title: "Memory edit ${i}"`));
  await new Promise((r) => setTimeout(r, 40));
}
await new Promise((r) => setTimeout(r, 1000));
const after = rss(server.child.pid);
console.log(`server memory: ${(before / 1024).toFixed(1)} MB before ${memoryEdits} edits, ${(after / 1024).toFixed(1)} MB after`);
save(original);
await chrome.close();
server.stop();
