// Makes the chunk loader (__wasm_split.js, written by wasm-split-cli) ride out a bad network:
// a chunk that cannot be fetched would otherwise fail its load, and the Rust side treats a
// failed load as fatal (the app stops). Each fetch is retried with backoff (0.5 s doubling to
// 10 s) until it succeeds, while the page shows what it has; a chunk that is gone (404/410: a
// newer build was deployed) reloads the page once, so the new build's own chunks are used.
//   node scripts/patch-split-loader.mjs <path/to/__wasm_split.js>
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const source = readFileSync(file, 'utf8');
const calls = source.split('fetch(new URL(').length - 1;
if (calls === 0) {
  console.error(`patch-split-loader: no chunk fetch found in ${file}`);
  process.exit(1);
}
const helper = `
async function fetchChunk(url) {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return response;
      if (response.status === 404 || response.status === 410) {
        const key = 'billing-console.reloaded-for-chunk';
        if (!sessionStorage.getItem(key)) {
          sessionStorage.setItem(key, '1');
          location.reload();
        }
      }
    } catch (error) {
      console.warn('chunk fetch failed, retrying', String(url), error);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(10000, 500 * 2 ** attempt)));
  }
}
`;
const patched = source.replace(/^(import [^\n]*\n)/, `$1${helper}`).replaceAll('fetch(new URL(', 'fetchChunk(new URL(');
writeFileSync(file, patched);
console.log(`patch-split-loader: ${calls} chunk fetches retried in ${file}`);
