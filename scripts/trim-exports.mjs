// Usage: node scripts/trim-exports.mjs <glue.js> <module_bg.wasm> <dir of the chunks>
//
// What the main module exports to its glue, and nothing more, under short names.
//
// 1. Every Leptos 0.8 app exports wasm-streams' three classes (IntoUnderlyingSource,
// IntoUnderlyingSink, IntoUnderlyingByteSource): `leptos` turns on server_fn's `browser` feature,
// which links wasm-streams, and a `#[wasm_bindgen]` export is kept whether anything uses it or
// not. The console has no server functions and never hands a Rust stream to JavaScript: nothing
// calls them. This takes the classes out of the glue and their functions out of the main
// module's exports, so that `wasm-opt` removes the code behind them (wasm-streams, and the
// futures machinery its `pull` and `write` bring, where nothing else reaches it).
// 2. The closures' entry points are exported under their mangled Rust names (100 to 175
//    characters each, written in the module and again in the glue): they get short ones, `c0`,
//    `c1`…, in both. They are called from the glue alone.
//
// Checks, or the build stops: each class is found and taken out whole, within 60 lines (nothing
// of it is left in the glue, and the glue's own start, `__wbg_get_imports`, `initSync` and its
// default export, is still there), a short name is not already an export, every `wasm.<export>`
// the glue uses is an export of the module, and no chunk imports a name dropped or renamed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { imports, leb, Reader, sections } from './wasm-binary.mjs';

const [jsPath, wasmPath, chunkDir] = process.argv.slice(2);
if (!jsPath || !wasmPath || !chunkDir) {
  console.error('usage: trim-exports.mjs <glue.js> <module_bg.wasm> <dir of the chunks>');
  process.exit(2);
}
const fail = (message) => {
  console.error(`trim-exports: ${message}`);
  process.exit(1);
};

const CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];
const EXPORT = /^(__wbg_)?intounderlying(bytesource|sink|source)_/;

// The glue, as wasm-bindgen writes it (before terser): each class is `export class X {` to a line
// `}`, then `if (Symbol.dispose) X.prototype[…] = …;`; its finalizer is `const XFinalization =`
// to the line that ends the statement.
const lines = readFileSync(jsPath, 'utf8').split('\n');
const kept = [];
const dropped = new Set();
for (let i = 0; i < lines.length; i++) {
  const line = lines[i];
  const cls = CLASSES.find(
    (c) =>
      line === `export class ${c} {` ||
      line.startsWith(`if (Symbol.dispose) ${c}.prototype[Symbol.dispose] = `) ||
      line.startsWith(`const ${c}Finalization = `),
  );
  if (!cls) {
    kept.push(line);
    continue;
  }
  dropped.add(cls);
  const end = (done) => {
    const from = i;
    while (i < lines.length && !done(lines[i])) i++;
    if (i === lines.length || i - from > 60) fail(`the end of ${cls} (line ${from + 1}) not found`);
  };
  if (line.startsWith('export class ')) end((l) => l === '}');
  else if (line.startsWith('const ')) end((l) => l.trimEnd().endsWith(';'));
}
let js = kept.join('\n');
for (const cls of CLASSES) if (!dropped.has(cls)) fail(`class ${cls} not found in ${jsPath}`);
if (/intounderlying/i.test(js)) fail(`something of the classes is left in ${jsPath}`);
for (const needed of ['function __wbg_get_imports(', 'function initSync(', ' as default };']) {
  if (!js.includes(needed)) fail(`${needed} is gone from ${jsPath}`);
}

// The module's export section, without the classes' functions, the mangled names shortened.
const wasm = readFileSync(wasmPath);
const section = [...sections(wasm)].find((s) => s.id === 7);
if (!section) fail(`${wasmPath} has no export section`);
const r = new Reader(wasm, section.body);
const entries = [];
let removed = 0;
for (let n = r.u32(); n > 0; n--) {
  const name = r.name();
  const rest = r.at;
  r.byte();
  r.u32();
  if (EXPORT.test(name)) removed++;
  else entries.push({ name, desc: wasm.subarray(rest, r.at) });
}
if (removed === 0) fail(`no export of the classes in ${wasmPath}`);
const taken = new Set(entries.map((e) => e.name));
let renamed = 0;
for (const entry of entries) {
  if (!entry.name.startsWith('_R')) continue;
  const short = `c${renamed++}`;
  if (taken.has(short)) fail(`${short} is already an export of ${wasmPath}`);
  const uses = new RegExp(`\\bwasm\\.${entry.name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
  if (!uses.test(js)) fail(`the glue does not call ${entry.name}`);
  js = js.replace(uses, `wasm.${short}`);
  entry.name = short;
}
const names = new Set(entries.map((e) => e.name));
// The chunks import from the main module by name: none may ask for what is gone.
const chunks = readdirSync(chunkDir).filter((f) => /^(chunk|split)_.*\.wasm$/.test(f));
if (chunks.length === 0) fail(`no chunk in ${chunkDir}`);
for (const file of chunks) {
  for (const { field, module } of imports(readFileSync(join(chunkDir, file))).entries) {
    if (EXPORT.test(field) || field.startsWith('_R')) {
      fail(`${file} imports ${module}.${field}, dropped or renamed in the main module`);
    }
  }
}
for (const [, used] of js.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)) {
  if (!names.has(used)) fail(`the glue uses wasm.${used}, which the module does not export`);
}
const encoded = entries.map(({ name, desc }) => {
  const bytes = Buffer.from(name, 'utf8');
  return Buffer.concat([Buffer.from(leb(bytes.length)), bytes, desc]);
});
const body = Buffer.concat([Buffer.from(leb(encoded.length)), ...encoded]);
const out = Buffer.concat([
  wasm.subarray(0, section.start),
  Buffer.from([7, ...leb(body.length)]),
  body,
  wasm.subarray(section.end),
]);
writeFileSync(wasmPath, out);
writeFileSync(jsPath, js);
console.log(
  `trim-exports: ${dropped.size} classes and ${removed} exports of wasm-streams dropped, ${renamed} exports renamed, in ${wasmPath}`,
);
