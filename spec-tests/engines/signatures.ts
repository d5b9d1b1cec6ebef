// A minimal reader of a module binary's type, import, function, global and
// export sections, so that JS-API based engines know the exact types of the
// exports they invoke or read (the JS API does not expose them in node 20).
// Anything it does not understand makes it give up (returns undefined), and
// the engine then falls back to the types implied by the test's expectations.

export type HeapType = string | number;

export type ValType =
  | 'i32' | 'i64' | 'f32' | 'f64' | 'v128'
  | { readonly ref: true; readonly nullable: boolean; readonly heap: HeapType };

export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  /** Alone in its rec group, final and without supertypes: a wrapper module can redeclare it. */
  readonly plain: boolean;
}

export interface GlobalType {
  readonly type: ValType;
  readonly mutable: boolean;
}

export type ExportType =
  | { readonly kind: 'func'; readonly type: FuncType | undefined }
  | { readonly kind: 'global'; readonly type: GlobalType }
  | { readonly kind: 'table' | 'memory' | 'tag' };

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array, readonly end = bytes.length) {}
  byte(): number {
    if (this.pos >= this.end) throw new Error('unexpected end');
    return this.bytes[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error('leb too long');
    }
  }
  /** Signed LEB up to 64 bits. */
  sleb(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= 1n << shift;
        return result;
      }
      if (shift > 70n) throw new Error('leb too long');
    }
  }
  skip(n: number): void {
    this.pos += n;
    if (this.pos > this.end) throw new Error('unexpected end');
  }
  name(): string {
    const n = this.u32();
    const s = new TextDecoder('utf-8', { ignoreBOM: true }).decode(this.bytes.subarray(this.pos, this.pos + n));
    this.skip(n);
    return s;
  }
}

const ABSTRACT_HEAP: Record<number, string> = {
  0x70: 'func', 0x6f: 'extern', 0x6e: 'any', 0x6d: 'eq', 0x6c: 'i31', 0x6b: 'struct', 0x6a: 'array',
  0x69: 'exn', 0x71: 'none', 0x72: 'noextern', 0x73: 'nofunc', 0x74: 'noexn',
};

function heapType(r: Reader): HeapType {
  const v = r.sleb();
  if (v >= 0n) return Number(v);
  const code = Number(v & 0x7fn);
  const name = ABSTRACT_HEAP[code];
  if (!name) throw new Error(`unknown heap type ${code}`);
  return name;
}

function valType(r: Reader): ValType {
  const b = r.byte();
  switch (b) {
    case 0x7f: return 'i32';
    case 0x7e: return 'i64';
    case 0x7d: return 'f32';
    case 0x7c: return 'f64';
    case 0x7b: return 'v128';
    case 0x64: return { ref: true, nullable: false, heap: heapType(r) };
    case 0x63: return { ref: true, nullable: true, heap: heapType(r) };
    default: {
      const heap = ABSTRACT_HEAP[b];
      if (!heap) throw new Error(`unknown value type 0x${b.toString(16)}`);
      return { ref: true, nullable: true, heap };
    }
  }
}

function limits(r: Reader): void {
  const flags = r.byte();
  if (flags & ~0x0f) throw new Error('unknown limits flags');
  r.sleb(); // min (u64 fits)
  if (flags & 1) r.sleb();
  if (flags & 8) r.u32(); // custom page size log2
}

/** Skips a constant expression up to and including its `end`. */
function skipConstExpr(r: Reader): void {
  for (;;) {
    const op = r.byte();
    switch (op) {
      case 0x0b: return;
      case 0x41: case 0x42: r.sleb(); break;
      case 0x43: r.skip(4); break;
      case 0x44: r.skip(8); break;
      case 0x23: case 0xd2: r.u32(); break;
      case 0xd0: heapType(r); break;
      case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: break;
      case 0xfd: {
        const sub = r.u32();
        if (sub !== 12) throw new Error('unsupported vector const op');
        r.skip(16);
        break;
      }
      case 0xfb: {
        const sub = r.u32();
        if (sub === 0 || sub === 1 || sub === 6 || sub === 7) r.u32();
        else if (sub === 8) { r.u32(); r.u32(); }
        else if (sub === 0x1a || sub === 0x1b || sub === 0x1c) { /* no immediates */ }
        else throw new Error('unsupported gc const op');
        break;
      }
      default: throw new Error(`unsupported const op 0x${op.toString(16)}`);
    }
  }
}

type TypeEntry = FuncType | 'other';

function compType(r: Reader, plain: boolean): TypeEntry {
  const form = r.byte();
  if (form === 0x60) {
    const params: ValType[] = [];
    for (let n = r.u32(); n > 0; n--) params.push(valType(r));
    const results: ValType[] = [];
    for (let n = r.u32(); n > 0; n--) results.push(valType(r));
    return { params, results, plain };
  }
  const field = (): void => {
    const b = r.bytes[r.pos];
    if (b === 0x78 || b === 0x77) r.byte();
    else valType(r);
    r.byte(); // mutability
  };
  if (form === 0x5f) { for (let n = r.u32(); n > 0; n--) field(); return 'other'; }
  if (form === 0x5e) { field(); return 'other'; }
  throw new Error(`unknown composite type 0x${form.toString(16)}`);
}

function subType(r: Reader, inRec: boolean): TypeEntry {
  const b = r.bytes[r.pos];
  if (b === 0x50 || b === 0x4f) {
    r.byte();
    const supers = r.u32();
    for (let i = 0; i < supers; i++) r.u32();
    return compType(r, !inRec && b === 0x4f && supers === 0);
  }
  return compType(r, !inRec);
}

export interface ModuleSignatures {
  readonly exports: ReadonlyMap<string, ExportType>;
}

/** Decodes export types; returns undefined if the binary uses anything unknown. */
export function readSignatures(bytes: Uint8Array): ModuleSignatures | undefined {
  try {
    return read(bytes);
  } catch {
    return undefined;
  }
}

function read(bytes: Uint8Array): ModuleSignatures {
  const r = new Reader(bytes);
  r.skip(8);
  const types: TypeEntry[] = [];
  const funcs: number[] = []; // type index per function index
  const globals: GlobalType[] = [];
  const exports = new Map<string, ExportType>();
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (end > bytes.length) throw new Error('section too long');
    const s = new Reader(bytes, end);
    s.pos = r.pos;
    switch (id) {
      case 1:
        for (let n = s.u32(); n > 0; n--) {
          if (s.bytes[s.pos] === 0x4e) {
            s.byte();
            for (let m = s.u32(); m > 0; m--) types.push(subType(s, true));
          } else {
            types.push(subType(s, false));
          }
        }
        break;
      case 2:
        for (let n = s.u32(); n > 0; n--) {
          s.name();
          s.name();
          const kind = s.byte();
          if (kind === 0) funcs.push(s.u32());
          else if (kind === 1) { valType(s); limits(s); }
          else if (kind === 2) limits(s);
          else if (kind === 3) { const type = valType(s); globals.push({ type, mutable: s.byte() === 1 }); }
          else if (kind === 4) { s.byte(); s.u32(); }
          else throw new Error('unknown import kind');
        }
        break;
      case 3:
        for (let n = s.u32(); n > 0; n--) funcs.push(s.u32());
        break;
      case 6:
        for (let n = s.u32(); n > 0; n--) {
          const type = valType(s);
          globals.push({ type, mutable: s.byte() === 1 });
          skipConstExpr(s);
        }
        break;
      case 7:
        for (let n = s.u32(); n > 0; n--) {
          const nm = s.name();
          const kind = s.byte();
          const idx = s.u32();
          if (kind === 0) {
            const t = types[funcs[idx] ?? -1];
            exports.set(nm, { kind: 'func', type: t === undefined || t === 'other' ? undefined : t });
          } else if (kind === 3) {
            const g = globals[idx];
            if (!g) throw new Error('bad global index');
            exports.set(nm, { kind: 'global', type: g });
          } else {
            exports.set(nm, { kind: kind === 1 ? 'table' : kind === 2 ? 'memory' : 'tag' });
          }
        }
        break;
      default:
        break;
    }
    r.pos = end;
  }
  return { exports };
}

export function isNumOrVec(t: ValType): t is 'i32' | 'i64' | 'f32' | 'f64' | 'v128' {
  return typeof t === 'string';
}
