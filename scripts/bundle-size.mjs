// Measures what a first visit downloads, per entry page of dist/ (index.html: services;
// orders.html: orders; tools.html: export, batch actions, account health): the page, the JS, wasm and CSS it references, config.json and
// the icon; raw and brotli-compressed (quality 11, as a CDN serves it). Fails when an entry is
// over the budget.
// Usage: node scripts/bundle-size.mjs [dist] [budgetKiB]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const budgetKiB = Number(process.argv[3] ?? 300);
const kib = (n) => (n / 1024).toFixed(1);
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const always = ['config.json', 'favicon.svg'].filter((f) => existsSync(join(dist, f)));

let failed = false;
for (const entry of readdirSync(dist).filter((n) => n.endsWith('.html')).sort()) {
  const html = readFileSync(join(dist, entry), 'utf8');
  const referenced = new Set([...html.matchAll(/\/([\w.-]+\.(?:js|wasm|css))\b/g)].map((m) => m[1]));
  const files = [entry, ...[...referenced].sort(), ...always];
  let raw = 0;
  let br = 0;
  console.log(`${entry}:`);
  for (const name of files) {
    const bytes = readFileSync(join(dist, name));
    const size = brotli(bytes);
    raw += bytes.length;
    br += size;
    console.log(`  ${name.padEnd(46)} ${String(bytes.length).padStart(9)} B  brotli ${String(size).padStart(8)} B`);
  }
  if (!files.some((f) => f.endsWith('.wasm'))) {
    console.error(`bundle-size: ${entry} references no wasm`);
    failed = true;
  }
  console.log(`  first load of ${entry}: ${kib(raw)} KiB raw, ${kib(br)} KiB brotli (budget ${budgetKiB} KiB)`);
  if (br > budgetKiB * 1024) {
    console.error(`bundle-size: ${entry} is over budget by ${kib(br - budgetKiB * 1024)} KiB`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
