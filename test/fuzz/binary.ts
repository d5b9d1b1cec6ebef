// Binary rewriting for the harness: binaryen's fuzz modules export only some of their globals
// and usually not their memory, so to compare the final state of everything the harness appends
// exports of every global, memory and table under reserved names (HARNESS_EXPORT_PREFIX). The
// rest of the module is untouched. The harness hides these exports from the module's own view
// (the export list that `call-export` indexes), so behaviour is unchanged.

export const HARNESS_EXPORT_PREFIX = '__fuzz_harness_';

export interface ModuleShape {
  readonly globals: number;
  readonly memories: number;
  readonly tables: number;
}

interface Section {
  readonly id: number;
  readonly start: number; // first byte of the section id
  readonly bodyStart: number;
  readonly end: number;
}

class Reader {
  constructor(readonly bytes: Uint8Array, public pos: number) {}
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.bytes.length) throw new Error('unexpected end');
      const b = this.bytes[this.pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error('leb too long');
    }
  }
  skipName(): void {
    const n = this.u32();
    this.pos += n;
  }
  skipLimits(): void {
    const flags = this.bytes[this.pos++]!;
    this.u32Big();
    if (flags & 1) this.u32Big();
    if (flags & 8) this.u32();
  }
  u32Big(): void {
    while (this.bytes[this.pos++]! & 0x80) {
      if (this.pos > this.bytes.length) throw new Error('unexpected end');
    }
  }
  skipValType(): void {
    const b = this.bytes[this.pos++]!;
    if (b === 0x63 || b === 0x64) this.u32Big(); // (ref null? ht): heap type is an s33
  }
}

function sections(bytes: Uint8Array): Section[] {
  const out: Section[] = [];
  const r = new Reader(bytes, 8);
  while (r.pos < bytes.length) {
    const start = r.pos;
    const id = bytes[r.pos++]!;
    const size = r.u32();
    out.push({ id, start, bodyStart: r.pos, end: r.pos + size });
    r.pos += size;
  }
  return out;
}

/** Counts of globals, memories and tables (imported + defined). */
export function moduleShape(bytes: Uint8Array): ModuleShape {
  let globals = 0;
  let memories = 0;
  let tables = 0;
  for (const s of sections(bytes)) {
    const r = new Reader(bytes, s.bodyStart);
    if (s.id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        r.skipName();
        r.skipName();
        const kind = bytes[r.pos++]!;
        if (kind === 0) r.u32();
        else if (kind === 1) { tables++; r.skipValType(); r.skipLimits(); }
        else if (kind === 2) { memories++; r.skipLimits(); }
        else if (kind === 3) { globals++; r.skipValType(); r.pos++; }
        else if (kind === 4) { r.pos++; r.u32(); }
        else throw new Error(`unknown import kind ${kind}`);
      }
    } else if (s.id === 4) tables += r.u32();
    else if (s.id === 5) memories += r.u32();
    else if (s.id === 6) globals += r.u32();
  }
  return { globals, memories, tables };
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function nameBytes(s: string): number[] {
  const b = new TextEncoder().encode(s);
  return [...uleb(b.length), ...b];
}

export function harnessGlobalName(i: number): string {
  return `${HARNESS_EXPORT_PREFIX}global_${i}`;
}
export function harnessMemoryName(i: number): string {
  return `${HARNESS_EXPORT_PREFIX}memory_${i}`;
}
export function harnessTableName(i: number): string {
  return `${HARNESS_EXPORT_PREFIX}table_${i}`;
}

// Canonical section order (ids): type import func table memory tag global export start elem
// datacount code data.
const ORDER = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];

/** The module with exports of all its globals, memories and tables appended. */
export function addHarnessExports(bytes: Uint8Array): { bytes: Uint8Array; shape: ModuleShape } {
  const shape = moduleShape(bytes);
  const entries: number[] = [];
  let added = 0;
  const add = (name: string, kind: number, index: number): void => {
    entries.push(...nameBytes(name), kind, ...uleb(index));
    added++;
  };
  for (let i = 0; i < shape.tables; i++) add(harnessTableName(i), 1, i);
  for (let i = 0; i < shape.memories; i++) add(harnessMemoryName(i), 2, i);
  for (let i = 0; i < shape.globals; i++) add(harnessGlobalName(i), 3, i);
  if (added === 0) return { bytes, shape };

  const secs = sections(bytes);
  const existing = secs.find((s) => s.id === 7);
  let body: number[];
  let replaceStart: number;
  let replaceEnd: number;
  if (existing) {
    const r = new Reader(bytes, existing.bodyStart);
    const count = r.u32();
    body = [...uleb(count + added), ...bytes.subarray(r.pos, existing.end), ...entries];
    replaceStart = existing.start;
    replaceEnd = existing.end;
  } else {
    body = [...uleb(added), ...entries];
    // Insert before the first non-custom section that comes after exports in canonical order.
    const exportRank = ORDER.indexOf(7);
    const after = secs.find((s) => s.id !== 0 && ORDER.indexOf(s.id) > exportRank);
    replaceStart = replaceEnd = after ? after.start : bytes.length;
  }
  const section = [7, ...uleb(body.length), ...body];
  const out = new Uint8Array(bytes.length - (replaceEnd - replaceStart) + section.length);
  out.set(bytes.subarray(0, replaceStart), 0);
  out.set(section, replaceStart);
  out.set(bytes.subarray(replaceEnd), replaceStart + section.length);
  return { bytes: out, shape };
}
