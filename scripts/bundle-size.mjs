// Measures what a first visit downloads (dist/: index.html, JS, wasm, CSS, config.json), raw and
// brotli-compressed (quality 11, as a CDN serves it), and fails above the budget.
// Usage: node scripts/bundle-size.mjs [dist] [budgetKiB]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const budgetKiB = Number(process.argv[3] ?? 300);
const firstLoad = /\.(html|js|wasm|css|json|svg)$/;
let rawTotal = 0;
let brTotal = 0;
for (const name of readdirSync(dist).filter((n) => firstLoad.test(n)).sort()) {
  const bytes = readFileSync(join(dist, name));
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  rawTotal += bytes.length;
  brTotal += br;
  console.log(`${name.padEnd(48)} ${String(bytes.length).padStart(9)} B  brotli ${String(br).padStart(8)} B`);
}
const kib = (n) => (n / 1024).toFixed(1);
console.log(`first load: ${kib(rawTotal)} KiB raw, ${kib(brTotal)} KiB brotli (budget ${budgetKiB} KiB)`);
if (brTotal > budgetKiB * 1024) {
  console.error(`bundle-size: over budget by ${kib(brTotal - budgetKiB * 1024)} KiB`);
  process.exit(1);
}
