// End to end: an educator edits an artefact while the page is open; the browser reloads by
// itself and shows the change. Then a broken file shows the error overlay, and fixing it
// brings the page back.
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { browser, copyPortfolio, finish, repo, serve } from "./lib.mjs";

const dir = copyPortfolio(join(repo, "sample-portfolio"));
const file = join(dir, "artefacts/2025/exit-tickets-article.md");
const original = readFileSync(file, "utf8");
const save = (text) => {
  writeFileSync(file + ".tmp", text);
  renameSync(file + ".tmp", file); // the way many editors save
};

const server = await serve(dir);
const chrome = await browser();
let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed++;
    console.log(`not ok - ${name}\n  ${error.message}\n${server.log()}`);
  }
}

try {
  const page = await chrome.newPage();
  await page.goto(server.url + "artefacts/exit-tickets-article/");
  await check("a saved edit reloads the open page by itself", async () => {
    save(original.replace(/^title: .*$/m, "title: Exit tickets, revised in the browser test"));
    await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("revised in the browser test"), null, { timeout: 10000 });
  });
  await check("a broken file shows the errors over the last good page", async () => {
    save(original.replace("kind: publication", "kind: publication\ntitle x"));
    await page.waitForSelector("#dossier-errors", { timeout: 10000 });
    const text = await page.textContent("#dossier-errors");
    if (!text.includes("artefacts/2025/exit-tickets-article.md:")) throw new Error(`overlay without location: ${text}`);
    if (!(await page.textContent("h1")).includes("revised")) throw new Error("the last good page is not shown");
  });
  await check("fixing the file brings the page back without the overlay", async () => {
    save(original);
    await page.waitForFunction(() => !document.querySelector("#dossier-errors") && document.querySelector("h1")?.textContent.includes("Exit tickets"), null, { timeout: 10000 });
  });
} finally {
  await chrome.close();
  server.stop();
}
finish(passed, failed);
