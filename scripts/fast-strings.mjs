// Short strings from wasm without a TextDecoder call (issue 16: the services table's sort).
//
// Every string the module hands to JavaScript (a tag or attribute name, a class, a line's texts)
// goes through wasm-bindgen's `getStringFromWasm0`, which calls `TextDecoder.decode` on a view of
// the module's memory. That call has a fixed cost far above the work for a few bytes: a CPU
// profile of 60 sorts of a 25-line page at 50,000 services (tests/e2e/bench/tools/profile.mjs)
// put 0.8 ms a sort in it, more than in any DOM call. A sort that draws 25 new lines passes
// 1,800 to 2,000 strings (counted in the glue), all but a few of at most 64 bytes.
// A string of at most 64 bytes whose characters take one to three bytes of UTF-8 is read here
// into a buffer of UTF-16 units and made a string with `String.fromCharCode`; anything else (an
// emoji, bytes that are not valid UTF-8, a longer text) still goes to the decoder, unchanged.
//
//   node scripts/fast-strings.mjs <wasm-bindgen glue .js>
//
// Fails, so that the build stops, when the glue does not have the expected function (a new
// wasm-bindgen version writes it otherwise: look again at what it generates).
import { readFileSync, writeFileSync } from 'node:fs';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: node scripts/fast-strings.mjs <glue.js>');
const glue = readFileSync(file, 'utf8');

const pattern = /function getStringFromWasm0\(ptr, len\) \{\n(\s*)ptr = ptr >>> 0;\n\s*return decodeText\(getUint8ArrayMemory0\(\)\.subarray\(ptr, ptr \+ len\)\);\n\s*\}/;
const found = glue.match(pattern);
if (!found) {
  console.error(`fast-strings: getStringFromWasm0 not found as expected in ${file}`);
  process.exit(1);
}
const i = found[1];
// UTF-8 of one, two or three bytes (every character of French and Italian texts, the typographic
// spaces and signs the formats use) read into UTF-16 units; a four-byte character, a byte that
// is not valid UTF-8 there, or a longer string goes to the decoder, which replaces what is not
// valid exactly as before.
// Nothing is allocated on the fast path (the memory is read in place, the buffer's views are
// made once): a sort makes about 1,900 of these strings, and garbage is collected on the main
// thread.
const fast = `const fastStringUnits = new Uint16Array(64);
const fastStringViews = Array.from({ length: 65 }, (_, n) => fastStringUnits.subarray(0, n));
function getStringFromWasm0(ptr, len) {
${i}ptr = ptr >>> 0;
${i}const memory = getUint8ArrayMemory0();
${i}if (len <= 64) {
${i}    const units = fastStringUnits, end = ptr + len;
${i}    let k = ptr, n = 0;
${i}    while (k < end) {
${i}        const b = memory[k];
${i}        if (b < 0x80) {
${i}            units[n++] = b;
${i}            k += 1;
${i}        } else if (b >= 0xc2 && b < 0xe0 && k + 1 < end && (memory[k + 1] & 0xc0) === 0x80) {
${i}            units[n++] = ((b & 0x1f) << 6) | (memory[k + 1] & 0x3f);
${i}            k += 2;
${i}        } else if (b >= 0xe0 && b < 0xf0 && k + 2 < end) {
${i}            const b1 = memory[k + 1], b2 = memory[k + 2];
${i}            // No overlong form (E0 then A0..BF) and no surrogate (ED then 80..9F).
${i}            const low = b === 0xe0 ? 0xa0 : 0x80, high = b === 0xed ? 0x9f : 0xbf;
${i}            if (b1 < low || b1 > high || (b2 & 0xc0) !== 0x80) break;
${i}            units[n++] = ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
${i}            k += 3;
${i}        } else break;
${i}    }
${i}    if (k === end) return String.fromCharCode.apply(null, fastStringViews[n]);
${i}}
${i}return decodeText(memory.subarray(ptr, ptr + len));
}`;

// The new function must read exactly what the decoder reads: checked here on the strings a page
// shows (ASCII, accents, signs, an emoji, bytes that are not UTF-8) at the lengths around the
// limit, at the limits of a three-byte character, then on random strings of valid and invalid
// UTF-8.
const memory = new Uint8Array(256);
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encode = (s) => new TextEncoder().encode(s);
const read = new Function('getUint8ArrayMemory0', 'decodeText', `${fast}\nreturn getStringFromWasm0;`)(
  () => memory, (bytes) => decoder.decode(bytes));
const samples = ['', 'a', 'tr', 'aria-label', 'x'.repeat(63), 'y'.repeat(64), 'z'.repeat(65), 'Disponibilité',
  'Sélectionner « più » €', '12\u202f345,00 €', '▸ ⋯ —', 'Tous les 12 mois', '\u{1F600} ok', 'a'.repeat(60) + 'é',
  'a'.repeat(61) + '€', '\uFEFFbom'].map(encode);
const bytes = (...b) => Uint8Array.from(b);
samples.push(bytes(0x41, 0xff, 0x42), bytes(0x7f, 0x00, 0x80), bytes(0xc0, 0x80), bytes(0xc2), bytes(0xe0, 0x80, 0x80),
  bytes(0xe0, 0xa0, 0x80), bytes(0xed, 0xa0, 0x80), bytes(0xed, 0x9f, 0xbf), bytes(0xe2, 0x82), bytes(0xef, 0xbf, 0xbf),
  bytes(0xf0, 0x9f, 0x98, 0x80), bytes(0xc3, 0x28));
// xorshift32: every bit of the state varies (an LCG in doubles above 2^53 does not).
let seed = 2463534242;
const random = (n) => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed % n;
};
// The bytes where UTF-8's rules are: continuations, the lead bytes at each boundary.
const edges = [0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xee, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
for (let run = 0; run < 20000; run++) {
  const length = random(70);
  if (run % 2) {
    const byte = () => [random(256), 0x80 + random(64), edges[random(edges.length)]][random(3)];
    samples.push(Uint8Array.from({ length }, byte));
  } else {
    const pick = [0x7f, 0x7ff, 0xffff, 0x10ffff];
    let text = '';
    while (text.length < length) {
      const cp = random(pick[random(4)] + 1);
      if (cp < 0xd800 || cp > 0xdfff) text += String.fromCodePoint(cp);
    }
    samples.push(encode(text).subarray(0, length));
  }
}
// A three-byte character's limits: each lead byte whose rule differs, with second and third
// bytes on each side of the ranges they must be in (80..BF; A0..BF after E0, 80..9F after ED).
const around = [0x41, 0x7f, 0x80, 0x81, 0x9f, 0xa0, 0xa1, 0xbf, 0xc0];
for (const lead of [0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf4]) {
  for (const b1 of around) for (const b2 of around) samples.push(bytes(lead, b1, b2), bytes(0x61, lead, b1, b2, 0x62));
}
for (const [at, sample] of samples.entries()) {
  // Around the string: ASCII, or a continuation byte that must not be read as part of it.
  memory.fill(at % 2 ? 0x55 : 0xa9);
  memory.set(sample, 7);
  const got = read(7, sample.length);
  const want = decoder.decode(sample);
  if (got !== want) {
    console.error(`fast-strings: ${JSON.stringify(got)} read for ${JSON.stringify(want)} (${[...sample]})`);
    process.exit(1);
  }
}
writeFileSync(file, glue.replace(pattern, fast));
console.log(`fast-strings: short strings read without a TextDecoder call in ${file}`);
