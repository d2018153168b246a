// What a first visit downloads, and what is loaded later: the size report of a release build.
//
//   node scripts/size-report.mjs [dist] [budgetKiB] [--top N]
//
// - First load: index.html and what it references (the CSS, boot.js, app.js, __wasm_split.js,
//   the main wasm), config.json and the icon; raw and brotli (quality 11, as a CDN serves it).
//   Fails (exit 1) when it is over the budget (KiB, brotli).
// - Chunks: every other module in dist/pkg/<build>/, loaded when a section or dialog is first
//   used.
// - Top contributors of the main module, by crate (a twiggy-style breakdown from the function
//   names kept in target/wasm-split/app_bg.named.wasm, before wasm-opt): code bytes and their
//   brotli size alone; the data section is counted apart.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { imports, Reader, sections } from './wasm-binary.mjs';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 15;
const dist = args[0] ?? 'dist';
const budgetKiB = Number(args[1] ?? 200);
const kib = (n) => (n / 1024).toFixed(1);
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const row = (name, raw, br) => `  ${name.padEnd(44)} ${kib(raw).padStart(8)} KiB  brotli ${kib(br).padStart(7)} KiB`;

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const referenced = [...html.matchAll(/(?:href|src)="\/([^"]+)"/g)].map((m) => m[1]);
const build = referenced.find((r) => r.startsWith('pkg/'))?.split('/')[1];
if (!build) {
  console.error('size-report: index.html references no pkg/<build>/');
  process.exit(1);
}
const pkg = join('pkg', build);
const firstLoad = [...new Set(['index.html', ...referenced, `${pkg}/app_bg.wasm`, `${pkg}/__wasm_split.js`, 'config.json'])]
  .filter((f) => existsSync(join(dist, f)));

let raw = 0;
let br = 0;
console.log('First load (the services table):');
for (const file of firstLoad) {
  const bytes = readFileSync(join(dist, file));
  const size = brotli(bytes);
  raw += bytes.length;
  br += size;
  console.log(row(file, bytes.length, size));
}
console.log(`  first load: ${kib(raw)} KiB raw, ${kib(br)} KiB brotli (budget ${budgetKiB} KiB)`);

console.log('Loaded on demand:');
let later = 0;
let laterBr = 0;
for (const file of readdirSync(join(dist, pkg)).filter((f) => f.endsWith('.wasm') && f !== 'app_bg.wasm').sort()) {
  const bytes = readFileSync(join(dist, pkg, file));
  const size = brotli(bytes);
  later += bytes.length;
  laterBr += size;
  console.log(row(file, bytes.length, size));
}
console.log(`  all chunks: ${kib(later)} KiB raw, ${kib(laterBr)} KiB brotli`);

const named = 'target/wasm-split/app_bg.named.wasm';
if (existsSync(named)) breakdown(readFileSync(named));

if (br > budgetKiB * 1024) {
  console.error(`size-report: the first load is over budget by ${kib(br - budgetKiB * 1024)} KiB brotli`);
  process.exit(1);
}

/** Code size of the main module by crate, from its name section. */
function breakdown(wasm) {
  const imported = imports(wasm).entries.filter((e) => e.kind === 0).length;
  const bodies = [];
  const names = new Map();
  let data = 0;
  for (const { id, body, end } of sections(wasm)) {
    const r = new Reader(wasm, body);
    if (id === 10) {
      for (let n = r.u32(); n > 0; n--) {
        const length = r.u32();
        bodies.push(wasm.subarray(r.at, r.at + length));
        r.at += length;
      }
    } else if (id === 11) {
      data = end - body;
    } else if (id === 0 && r.name() === 'name') {
      while (r.at < end) {
        const sub = r.byte();
        const size = r.u32();
        const subEnd = r.at + size;
        if (sub === 1) {
          for (let n = r.u32(); n > 0; n--) {
            const index = r.u32();
            names.set(index, r.name());
          }
        }
        r.at = subEnd;
      }
    }
  }
  const byCrate = new Map();
  bodies.forEach((body, i) => {
    const crate = crateOf(names.get(imported + i) ?? '?');
    const entry = byCrate.get(crate) ?? { size: 0, parts: [] };
    entry.size += body.length;
    entry.parts.push(body);
    byCrate.set(crate, entry);
  });
  const total = [...byCrate.values()].reduce((s, e) => s + e.size, 0);
  console.log(`Main module by crate (before wasm-opt): code ${kib(total)} KiB, data ${kib(data)} KiB`);
  for (const [crate, e] of [...byCrate].sort((a, b) => b[1].size - a[1].size).slice(0, top)) {
    const share = ((100 * e.size) / total).toFixed(1).padStart(5);
    console.log(`  ${crate.padEnd(36)} ${kib(e.size).padStart(7)} KiB ${share} %  brotli alone ${kib(brotli(Buffer.concat(e.parts))).padStart(6)} KiB`);
  }
}

/** The crate (and for this app, the module) a mangled or plain Rust symbol belongs to. */
function crateOf(symbol) {
  // Rust v0 mangling: the first crate root `C[s<disambiguator>_]<len><name>`.
  if (symbol.startsWith('_R')) {
    const m = symbol.match(/C(?:s[0-9A-Za-z]*_)?(\d+)([A-Za-z_][0-9A-Za-z_]*)/);
    if (!m) return '?';
    const crate = m[2].slice(0, Number(m[1]));
    if (crate === 'billing_console') {
      const rest = symbol.slice(m.index + m[0].length);
      const module = rest.match(/^(?:Nt)?(\d+)([A-Za-z_]\w*)/);
      if (module) return `billing_console::${module[2].slice(0, Number(module[1]))}`;
    }
    return crate;
  }
  let path = [];
  const legacy = symbol.match(/^_ZN(.*)E?$/);
  if (legacy) {
    let rest = legacy[1];
    while (rest.length) {
      const m = rest.match(/^(\d+)/);
      if (!m) break;
      const n = Number(m[1]);
      path.push(rest.slice(m[1].length, m[1].length + n));
      rest = rest.slice(m[1].length + n);
    }
  } else {
    path = [symbol];
  }
  // `<T as Trait>` and `impl` blocks are named after their type's path: `_$LT$leptos..x..Y$LT$…`.
  const segments = path
    .flatMap((p) => p.replace(/^_?\$LT\$/, '').replace(/^impl\$u20\$/, '').split('..'))
    .map((p) => p.replace(/\$.*$/, ''))
    .filter((p) => p.length);
  const crate = segments[0] || '?';
  if (crate === 'billing_console' && segments[1]) return `billing_console::${segments[1]}`;
  return crate;
}
