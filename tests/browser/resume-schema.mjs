// Checks each resume.json given against JSON Resume's published schema (@jsonresume/schema,
// the validator JSON Resume's own tools use), so the file a CV tool imports is one it accepts.
// Usage: node tests/browser/resume-schema.mjs SITE/resume.json [...]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const { validate } = createRequire(import.meta.url)("@jsonresume/schema");
let failed = 0;
for (const file of process.argv.slice(2)) {
  const resume = JSON.parse(readFileSync(file, "utf8"));
  validate(resume, (errors) => {
    if (errors) {
      failed += 1;
      console.error(`${file}: not a valid JSON Resume`);
      for (const e of errors) console.error(`  ${e.property}: ${e.message}`);
    }
  });
}
if (failed) process.exit(1);
console.log(`${process.argv.length - 2} resume.json file(s) valid against JSON Resume's schema`);
