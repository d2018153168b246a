// Gives the main module's imports from wasm-bindgen's glue short names, in the module and in the
// glue alike: wasm-bindgen names each `__wbg_<function>_<16 hex digits>` (252 of them, 9 KiB
// that brotli cannot shrink much, written twice: the import section and the glue's import
// object). A name is changed only where the glue has it exactly once, as a key of that object
// (`        <name>: function(`); any other use keeps it as it is. Imports are bound by index
// inside the module, so nothing else in it changes. Run after wasm-bindgen, before terser and
// wasm-opt.
//   node scripts/short-imports.mjs <app.js> <app_bg.wasm>
import { readFileSync, writeFileSync } from 'node:fs';
import { imports, leb } from './wasm-binary.mjs';

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

/** Renames imports of `glue` in `wasm` (a Buffer) with `rename(name) -> name | null`. */
export function renameImports(wasm, glue, rename) {
  const { section, entries } = imports(wasm);
  if (!section) throw new Error('short-imports: no import section');
  const body = [...leb(entries.length)];
  for (const { module, field, desc } of entries) {
    const renamed = module === glue ? rename(field) ?? field : field;
    for (const text of [module, renamed]) {
      const bytes = Buffer.from(text, 'utf8');
      body.push(...leb(bytes.length), ...bytes);
    }
    body.push(...desc);
  }
  return Buffer.concat([wasm.subarray(0, section.start), Buffer.from([2, ...leb(body.length), ...body]), wasm.subarray(section.end)]);
}

/** Import names of `glue` in `wasm`. */
export function importNames(wasm, glue) {
  return imports(wasm).entries.filter((e) => e.module === glue).map((e) => e.field);
}

const [jsPath, wasmPath] = process.argv.slice(2);
if (jsPath && wasmPath) {
  let js = readFileSync(jsPath, 'utf8');
  const wasm = readFileSync(wasmPath);
  const occurrences = (name) => js.split(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`)).length - 1;
  // A key of the glue's import object, as wasm-bindgen writes it.
  const keyOf = (field) => `\n        ${field}: function(`;
  const fields = importNames(wasm, GLUE_MODULE);
  const map = new Map();
  for (const field of fields) {
    if (!/^[A-Za-z_$][\w$]*$/.test(field) || occurrences(field) !== 1 || js.split(keyOf(field)).length !== 2) continue;
    const short = shortName(map.size);
    map.set(field, short);
    js = js.replace(keyOf(field), keyOf(short));
  }
  const renamed = renameImports(wasm, GLUE_MODULE, (field) => map.get(field) ?? null);
  // The module asks for exactly the keys the glue now has, each once.
  const asked = importNames(renamed, GLUE_MODULE);
  const expected = fields.map((field) => map.get(field) ?? field);
  if (asked.join() !== expected.join() || new Set(asked).size !== asked.length
    || asked.some((field) => js.split(keyOf(field)).length !== 2)) {
    throw new Error('short-imports: the renamed module and glue disagree');
  }
  writeFileSync(jsPath, js);
  writeFileSync(wasmPath, renamed);
  console.log(`short-imports: ${map.size} of ${asked.length} glue imports renamed`);
}
