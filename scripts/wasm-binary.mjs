// The little of the wasm binary format the build scripts read: LEB128 numbers, names, the
// sections, and the import section's entries. One reader for scripts/short-imports.mjs and
// scripts/size-report.mjs (two hand-written parsers of the import section disagreed once: the
// size report misplaced every function name).

/** A position in `bytes` and the reads that move it. */
export class Reader {
  constructor(bytes, at = 0) {
    this.bytes = bytes;
    this.at = at;
  }

  byte() {
    return this.bytes[this.at++];
  }

  /** An unsigned LEB128 number. */
  u32() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.bytes[this.at++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return result;
    }
  }

  /** A name: its length, then that many UTF-8 bytes. */
  name() {
    const length = this.u32();
    const text = this.bytes.subarray(this.at, this.at + length).toString('utf8');
    this.at += length;
    return text;
  }
}

/** `n` as unsigned LEB128 bytes. */
export function leb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** Every section after the header: its id, where it starts (at its id), its body and its end. */
export function* sections(wasm) {
  const r = new Reader(wasm, 8);
  while (r.at < wasm.length) {
    const start = r.at;
    const id = r.byte();
    const size = r.u32();
    yield { id, start, body: r.at, end: r.at + size };
    r.at += size;
  }
}

/** The import section (`null` when there is none) and its entries: module, field, kind (0 a
 * function) and the bytes of the rest of the entry as they are. */
export function imports(wasm) {
  for (const section of sections(wasm)) {
    if (section.id !== 2) continue;
    const r = new Reader(wasm, section.body);
    const entries = [];
    for (let n = r.u32(); n > 0; n--) {
      const module = r.name();
      const field = r.name();
      const descStart = r.at;
      const kind = r.byte();
      if (kind === 0) r.u32();
      else if (kind === 1) { r.byte(); const flags = r.byte(); r.u32(); if (flags & 1) r.u32(); }
      else if (kind === 2) { const flags = r.byte(); r.u32(); if (flags & 1) r.u32(); }
      else if (kind === 3) r.at += 2;
      else if (kind === 4) { r.byte(); r.u32(); }
      else throw new Error(`wasm-binary: unknown import kind ${kind}`);
      entries.push({ module, field, kind, desc: wasm.subarray(descStart, r.at) });
    }
    if (r.at !== section.end) throw new Error('wasm-binary: the import section did not parse to its end');
    return { section, entries };
  }
  return { section: null, entries: [] };
}
