// Gives the main module's imports from wasm-bindgen's glue short names, in the module and in the
// glue alike: wasm-bindgen names each `__wbg_<function>_<16 hex digits>` (252 of them, 9 KiB
// that brotli cannot shrink much, written twice: the import section and the glue's import
// object). A name is changed only where the glue has it exactly once, as a key of that object
// (`        <name>: function(`); any other use keeps it as it is. Imports are bound by index
// inside the module, so nothing else in it changes. Run after wasm-bindgen, before terser and
// wasm-opt.
//   node scripts/short-imports.mjs <app.js> <app_bg.wasm>
import { readFileSync, writeFileSync } from 'node:fs';

const GLUE_MODULE = './app_bg.js';

/** `i` as a short identifier: a…z, A…Z, then two letters, and so on. */
export function shortName(i) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  do {
    name = letters[i % letters.length] + name;
    i = Math.floor(i / letters.length) - 1;
  } while (i >= 0);
  return name;
}

const uleb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
};

/** Renames imports of `glue` in `wasm` (a Buffer) with `rename(name) -> name | null`. */
export function renameImports(wasm, glue, rename) {
  let at = 8;
  const read = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = wasm[at++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return result;
    }
  };
  const name = () => {
    const length = read();
    const text = wasm.subarray(at, at + length).toString('utf8');
    at += length;
    return text;
  };
  while (at < wasm.length) {
    const start = at;
    const id = wasm[at++];
    const size = read();
    const body = at;
    const end = body + size;
    if (id !== 2) {
      at = end;
      continue;
    }
    const total = read();
    const section = [...uleb(total)];
    for (let n = 0; n < total; n++) {
      const module = name();
      const field = name();
      const descStart = at;
      const kind = wasm[at++];
      if (kind === 0) read();
      else if (kind === 1) { at++; const flags = wasm[at++]; read(); if (flags & 1) read(); }
      else if (kind === 2) { const flags = wasm[at++]; read(); if (flags & 1) read(); }
      else if (kind === 3) at += 2;
      else if (kind === 4) { at++; read(); }
      else throw new Error(`short-imports: unknown import kind ${kind}`);
      const renamed = module === glue ? rename(field) ?? field : field;
      for (const text of [module, renamed]) {
        const bytes = Buffer.from(text, 'utf8');
        section.push(...uleb(bytes.length), ...bytes);
      }
      section.push(...wasm.subarray(descStart, at));
    }
    if (at !== end) throw new Error('short-imports: the import section did not parse to its end');
    return Buffer.concat([wasm.subarray(0, start), Buffer.from([2, ...uleb(section.length), ...section]), wasm.subarray(end)]);
  }
  throw new Error('short-imports: no import section');
}

/** Import names of `glue` in `wasm`. */
export function importNames(wasm, glue) {
  const names = [];
  renameImports(wasm, glue, (field) => { names.push(field); return null; });
  return names;
}

const [jsPath, wasmPath] = process.argv.slice(2);
if (jsPath && wasmPath) {
  let js = readFileSync(jsPath, 'utf8');
  const wasm = readFileSync(wasmPath);
  const occurrences = (name) => js.split(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`)).length - 1;
  const map = new Map();
  for (const field of importNames(wasm, GLUE_MODULE)) {
    const key = `\n        ${field}: function(`;
    if (!/^[A-Za-z_$][\w$]*$/.test(field) || occurrences(field) !== 1 || js.split(key).length !== 2) continue;
    const short = shortName(map.size);
    map.set(field, short);
    js = js.replace(key, `\n        ${short}: function(`);
  }
  const renamed = renameImports(wasm, GLUE_MODULE, (field) => map.get(field) ?? null);
  // The module asks for exactly the keys the glue now has, each once.
  const asked = importNames(renamed, GLUE_MODULE);
  const expected = importNames(wasm, GLUE_MODULE).map((field) => map.get(field) ?? field);
  if (asked.join() !== expected.join() || new Set(asked).size !== asked.length
    || asked.some((field) => js.split(`\n        ${field}: function(`).length !== 2)) {
    throw new Error('short-imports: the renamed module and glue disagree');
  }
  writeFileSync(jsPath, js);
  writeFileSync(wasmPath, renamed);
  console.log(`short-imports: ${map.size} of ${asked.length} glue imports renamed`);
}
