// The string test: random Unicode (ASCII, Latin-1, BMP, non-BMP, empty, 1 MB) sent guest to
// guest between two components of different string encodings (strings-component.ts), plus host
// round-trips, checked against the Canonical ABI's transcoding rules and between engines; and
// ill-formed strings in guest memory (lone surrogates, invalid UTF-8, lengths past the end of
// memory), which the spec rejects with a trap.
//
// What the spec fixes exactly (so the expected bytes are computed here, independently of jco):
//   a string arriving in utf8 is its UTF-8, in utf16 its UTF-16LE code units; in latin1+utf16 it
//   is Latin-1 (tagged length = byte count) when every code point is < U+0100, else UTF-16LE
//   with the length tagged by 1<<31 — whatever the source encoding (store_string_to_latin1_or_
//   utf16, store_probably_utf16_to_latin1_or_utf16, store_string_copy). Lifting an ill-formed
//   string traps (load_string_from_range: `decode` fails → trap; ptr + length past the memory →
//   trap). Host strings are USVStrings (Explainer §"JS API"): lone surrogates become U+FFFD.
//   For latin1+utf16 the host's choice of Latin-1 vs UTF-16 is not specified, so the raw view of
//   a host-lowered string there is only required to decode to the string.
//
// jco runs only part of this (strings-component.ts: JCO_PAIRS, JCO_HOST_ENCODINGS), and deviates
// from the spec on ill-formed input (its transcoders replace or copy instead of trapping; its
// host utf16 lowering stores lone surrogates unchanged): those cases are marked `jcoDeviation`,
// counted, and not compared with jco; purewasm is held to the spec on every case.
// Spec: component-model design/mvp/CanonicalABI.md §"Strings" (load_string_from_range,
// store_string_into_range and the store_* transcoders); Explainer.md §"JS API".

import fc from 'fast-check';
import { STRING_ENCODINGS, type StringEncoding } from './build.js';
import { capture, cloneValue, diffOutcomes, type Outcome, show } from './compare.js';
import type { ComponentEngine } from './engines.js';
import { stringPieceArb, wellFormed } from './generate.js';
import { explainDisagreement, explainModelMismatch } from './known.js';
import {
  ALL_PAIRS, hostInterface, JCO_HOST_ENCODINGS, JCO_PAIRS, type Pair, pairInterface, UTF16_TAG,
} from './strings-component.js';

export type RawView = [number, Uint8Array];

/** The spec's representation of a well-formed string s in encoding e: [tagged length, bytes]. */
export function canonicalEncoding(e: StringEncoding, s: string): RawView {
  switch (e) {
    case 'utf8': {
      const bytes = new TextEncoder().encode(s);
      return [bytes.length, bytes];
    }
    case 'utf16': return [s.length, utf16Bytes(s)];
    case 'latin1+utf16':
      if (isLatin1(s)) return [s.length, Uint8Array.from(s, (c) => c.charCodeAt(0))];
      return [(s.length | UTF16_TAG) >>> 0, utf16Bytes(s)];
  }
}

function utf16Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >>> 8;
  }
  return out;
}

function latin1String(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}

function isLatin1(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

/** Decodes a raw view (strictly); undefined if ill-formed. */
export function decodeRaw(e: StringEncoding, [tagged, bytes]: RawView): string | undefined {
  try {
    if (e === 'utf8') return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    if (e === 'latin1+utf16' && (tagged & UTF16_TAG) === 0) return latin1String(bytes);
    return new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

type Expectation =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'trap' }
  /** A host-lowered latin1+utf16 string: the raw view must decode to this string. */
  | { readonly kind: 'decodes-to'; readonly s: string };

export interface StringCase {
  readonly iface: string;
  readonly fn: 'toB' | 'roundTrip' | 'echo' | 'raw';
  readonly args: readonly unknown[];
  /** The JS string the case is about (the host string, or the string whose bytes are sent). */
  readonly text: string;
  readonly what: string;
  readonly expected: Expectation;
  /** Why jco's outcome is expected to differ from the spec here (not compared with jco). */
  readonly jcoDeviation?: string | undefined;
  /** A 1 MiB string. */
  readonly big?: boolean;
  /**
   * For a string beginning with U+FEFF: the outcome if that character were dropped, which is what
   * jco returns where its TextDecoder takes it for a byte order mark (known.ts).
   */
  readonly withoutBom?: Expectation | undefined;
}

const JCO_ILL_FORMED = "jco's transcoders replace or copy ill-formed strings instead of trapping";
const JCO_BIG = "jco's utf16→utf8 transcoder overflows the JS stack on 1 MiB strings";
const JCO_HOST_SURROGATE = 'jco lowers lone surrogates into utf16 memory unchanged (the JS API converts to USVString)';

/** Deterministic large strings (≈1 MiB of code units) of a few character mixes. */
export function bigString(kind: 'ascii' | 'latin1' | 'mixed', seed: number, units = 1 << 20): string {
  let x = (seed * 2654435761) >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x;
  };
  const out = new Uint16Array(units);
  let n = 0;
  while (n < units) {
    const r = next();
    const k = kind === 'mixed' ? r % 10 : 0;
    if (kind === 'ascii') out[n++] = r % 0x80;
    else if (kind === 'latin1') out[n++] = r % 0x100;
    else if (k < 5) out[n++] = r % 0x80;
    else if (k < 7) out[n++] = 0x80 + ((r >>> 8) % 0x780);
    else if (k < 8) out[n++] = 0x800 + ((r >>> 8) % (0xd800 - 0x800));
    else if (n + 2 <= units) {
      const cp = 0x10000 + ((r >>> 8) % 0x100000) - 0x10000;
      out[n++] = 0xd800 + (cp >>> 10);
      out[n++] = 0xdc00 + (cp & 0x3ff);
    } else out[n++] = 0x7a;
  }
  let s = '';
  for (let i = 0; i < units; i += 4096) s += String.fromCharCode(...out.subarray(i, i + 4096));
  return s;
}

const wellFormedStringArb = fc.oneof(
  fc.constant(''),
  fc.array(stringPieceArb, { maxLength: 40 }).map((ps) => wellFormed(ps.join(''))),
  fc.array(fc.integer({ min: 0, max: 0xff }), { maxLength: 40 }).map((cs) => String.fromCharCode(...cs)),
  fc.array(fc.integer({ min: 0x10000, max: 0x10ffff }), { minLength: 1, maxLength: 10 }).map((cs) => String.fromCodePoint(...cs)),
  fc.array(fc.integer({ min: 0, max: 0x7f }), { maxLength: 40 }).map((cs) => String.fromCharCode(...cs)),
);

/** Ill-formed code-unit sequences for an encoding (as the raw bytes a guest could hold). */
function illFormedArb(e: StringEncoding): fc.Arbitrary<{ raw: RawView; what: string }> {
  const around = fc.tuple(wellFormedStringArb, wellFormedStringArb);
  if (e === 'utf8') {
    const bad = fc.constantFrom<[string, number[]]>(
      ['lone continuation byte', [0x80]], ['overlong NUL', [0xc0, 0x80]], ['encoded surrogate', [0xed, 0xa0, 0x80]],
      ['truncated 3-byte sequence', [0xe2, 0x82]], ['byte 0xff', [0xff]], ['code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
      ['byte 0xf5', [0xf5, 0x80, 0x80, 0x80]],
    );
    return fc.tuple(around, bad).map(([[a, b], [what, seq]]) => {
      const bytes = new Uint8Array([...new TextEncoder().encode(a), ...seq, ...new TextEncoder().encode(b)]);
      return { raw: [bytes.length, bytes] as RawView, what: `utf8 with ${what}` };
    });
  }
  const bad = fc.constantFrom<[string, number[]]>(
    ['lone high surrogate', [0xd800]], ['lone low surrogate', [0xdc00]], ['reversed pair', [0xdfff, 0xdbff]], ['high surrogate then BMP', [0xd83d, 0x41]],
  );
  return fc.tuple(around, bad).map(([[a, b], [what, seq]]) => {
    const units = [...splitUnits(a), ...seq, ...splitUnits(b)];
    const bytes = utf16Bytes(String.fromCharCode(...units));
    const tagged = e === 'utf16' ? units.length : (units.length | UTF16_TAG) >>> 0;
    return { raw: [tagged, bytes] as RawView, what: `utf16 with ${what}` };
  });
}

function splitUnits(s: string): number[] {
  return Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
}

export interface StringCaseOptions {
  readonly seed: number;
  /** Random strings per pair (each gives a to-b and a round-trip case). */
  readonly perPair: number;
  /** Ill-formed inputs per pair. */
  readonly illFormedPerPair: number;
  /** Include the 1 MiB strings. */
  readonly big: boolean;
}

function describeString(s: string): string {
  const astral = [...s].filter((c) => c.codePointAt(0)! > 0xffff).length;
  return s.length > 60 ? `string of ${s.length} code units (${astral} non-BMP, latin1-only: ${isLatin1(s)})` : show(s);
}

export function stringCases(opts: StringCaseOptions): StringCase[] {
  const cases: StringCase[] = [];
  const memo = new Map<string, RawView>();
  const canonical = (e: StringEncoding, s: string): RawView => {
    const key = `${e}:${s}`;
    let v = memo.get(key);
    if (!v) memo.set(key, (v = canonicalEncoding(e, s)));
    return v;
  };
  const described = new Map<string, string>();
  const describe = (s: string): string => {
    let d = described.get(s);
    if (d === undefined) described.set(s, (d = describeString(s)));
    return d;
  };
  // Always a few strings beginning with U+FEFF (a decoder must not take it for a byte order mark).
  const strings = [...fc.sample(wellFormedStringArb, { seed: opts.seed, numRuns: opts.perPair }), '\ufeff', '\ufeffa\ufeff'];
  const bigs = opts.big ? [bigString('mixed', opts.seed), bigString('ascii', opts.seed + 1), bigString('latin1', opts.seed + 2)] : [];
  const presentations = fc.sample(fc.boolean(), { seed: opts.seed + 7, numRuns: opts.perPair + bigs.length });
  ALL_PAIRS.forEach(([x, y], pi) => {
    const iface = pairInterface(x, y);
    [...strings, ...bigs].forEach((s, i) => {
      // latin1+utf16 sources may present a Latin-1 string as UTF-16 (the "probably utf16" path).
      let input = canonical(x, s);
      let how = '';
      if (x === 'latin1+utf16' && (input[0] & UTF16_TAG) === 0 && presentations[(i + pi) % presentations.length]) {
        input = [(s.length | UTF16_TAG) >>> 0, utf16Bytes(s)];
        how = ' (Latin-1 string sent as UTF-16)';
      }
      const what = `${describe(s)}${how}`;
      const big = i >= strings.length;
      // jco's utf16→utf8 transcoder overflows the JS stack on 1 MiB strings.
      const viaUtf16ToUtf8 = (fn: 'toB' | 'roundTrip'): boolean =>
        (x === 'utf16' && y === 'utf8') || (fn === 'roundTrip' && x === 'utf8' && y === 'utf16');
      for (const fn of ['toB', 'roundTrip'] as const) {
        const expect = (t: string): Expectation => ({ kind: 'value', value: canonical(fn === 'toB' ? y : x, t) });
        cases.push({
          iface, fn, args: [input[1], input[0]], text: s, what, big, expected: expect(s),
          withoutBom: s.startsWith('\ufeff') ? expect(s.slice(1)) : undefined,
          jcoDeviation: big && viaUtf16ToUtf8(fn) ? JCO_BIG : undefined,
        });
      }
    });
    const bad = fc.sample(illFormedArb(x), { seed: opts.seed + 31 * (pi + 1), numRuns: opts.illFormedPerPair });
    for (const b of bad) {
      for (const fn of ['toB', 'roundTrip'] as const) {
        cases.push({ iface, fn, args: [b.raw[1], b.raw[0]], text: '', what: b.what, expected: { kind: 'trap' }, jcoDeviation: JCO_ILL_FORMED });
      }
    }
    // A length reaching past the end of linear memory.
    cases.push({
      iface, fn: 'toB', args: [new Uint8Array([0x61]), 0x7fff_ffff], text: '', what: 'code-unit count 0x7fffffff (past the end of memory)',
      expected: { kind: 'trap' },
    });
  });
  const hostStrings = fc.sample(fc.array(stringPieceArb, { maxLength: 40 }).map((ps) => ps.join('')), { seed: opts.seed + 3, numRuns: opts.perPair });
  for (const e of STRING_ENCODINGS) {
    const iface = hostInterface(e);
    for (const s of [...hostStrings, '', '\ufeff', '\ufeffa\ufeff', ...bigs]) {
      const w = wellFormed(s);
      const surrogates = w !== s;
      const big = s.length > 1000;
      const bom = s.startsWith('\ufeff');
      cases.push({
        iface, fn: 'echo', args: [s], text: s, what: describe(s), big, expected: { kind: 'value', value: w },
        withoutBom: bom ? { kind: 'value', value: w.slice(1) } : undefined,
      });
      const raw = (t: string): Expectation => (e === 'latin1+utf16' ? { kind: 'decodes-to', s: t } : { kind: 'value', value: canonical(e, t) });
      cases.push({
        iface, fn: 'raw', args: [s], text: s, what: describe(s), big, expected: raw(w), withoutBom: bom ? raw(w.slice(1)) : undefined,
        jcoDeviation: surrogates && e === 'utf16' ? JCO_HOST_SURROGATE : undefined,
      });
    }
  }
  return cases;
}

export interface StringRunSummary {
  readonly cases: number;
  /** Per engine: cases run, cases where it differs from the spec (excluding known jco deviations). */
  readonly engines: Record<string, { run: number; specMismatches: string[]; knownDeviations: number; known: Record<string, number> }>;
  /** engines[0] vs the others, on cases both run that have no jco deviation. */
  readonly disagreements: string[];
}

/** Which interfaces an engine's component exports. */
export function interfacesFor(engine: string): { pairs: readonly Pair[]; host: readonly StringEncoding[] } {
  return engine === 'jco' ? { pairs: JCO_PAIRS, host: JCO_HOST_ENCODINGS } : { pairs: ALL_PAIRS, host: STRING_ENCODINGS };
}

/** jco's outcome is what the spec gives for the string without its leading U+FEFF. */
function jcoDroppedBom(c: StringCase, o: Outcome): boolean {
  return c.withoutBom !== undefined && checkExpectation({ ...c, expected: c.withoutBom }, o, 'jco') === undefined;
}

/** The expected outcome as an Outcome (traps as RuntimeError). */
function expectedOutcome(c: StringCase): Outcome {
  const ex = c.expected;
  if (ex.kind === 'value') return { kind: 'value', value: ex.value };
  if (ex.kind === 'trap') return { kind: 'error', name: 'RuntimeError', message: 'trap', hasPayload: false };
  return { kind: 'value', value: ex.s };
}

function checkExpectation(c: StringCase, o: Outcome, engine: string): string | undefined {
  const ex = c.expected;
  if (ex.kind === 'value') return diffOutcomes({ kind: 'value', value: ex.value }, o, 'spec', engine);
  if (ex.kind === 'trap') {
    if (o.kind === 'error' && o.name === 'RuntimeError') return undefined;
    return `spec traps (RuntimeError) but ${engine} ${o.kind === 'value' ? `returned ${show(o.value)}` : `threw ${o.name}: ${o.message}`}`;
  }
  if (o.kind !== 'value') return `${engine} threw ${o.name}: ${o.message}`;
  const raw = o.value as RawView;
  if (!Array.isArray(raw) || !(raw[1] instanceof Uint8Array)) return `${engine} returned ${show(o.value)}`;
  const got = decodeRaw('latin1+utf16', raw);
  if (got !== ex.s) return `raw view decodes to ${show(got)}, expected ${show(ex.s)}`;
  if ((raw[0] & UTF16_TAG) === 0 && raw[1].length !== ex.s.length) return `Latin-1 view has ${raw[1].length} bytes for ${ex.s.length} code units`;
  return undefined;
}

/** Runs the cases on each engine (engines[0] is the oracle) and compares. */
export async function runStringCases(
  cases: readonly StringCase[],
  engines: readonly ComponentEngine[],
  componentFor: (engine: string) => Promise<Uint8Array>,
): Promise<StringRunSummary> {
  const outcomes: (Outcome | undefined)[][] = [];
  const summary: StringRunSummary = { cases: cases.length, engines: {}, disagreements: [] };
  for (const engine of engines) {
    const bytes = await componentFor(engine.name);
    const { pairs, host } = interfacesFor(engine.name);
    const runs = new Set([...pairs.map(([x, y]) => pairInterface(x, y)), ...host.map(hostInterface)]);
    let shared: Record<string, unknown> | undefined;
    const mine: (Outcome | undefined)[] = [];
    const stats = { run: 0, specMismatches: [] as string[], knownDeviations: 0, known: {} as Record<string, number> };
    for (const c of cases) {
      if (!runs.has(c.iface)) { mine.push(undefined); continue; }
      // A trap may leave an instance unusable: cases that may trap get a fresh instance.
      const fresh = c.expected.kind === 'trap' || c.big === true;
      let root: Record<string, unknown>;
      try {
        root = fresh ? await engine.instantiate(bytes) : (shared ??= await engine.instantiate(bytes));
      } catch (e) {
        root = {};
        stats.specMismatches.push(`instantiation failed: ${String(e)}`);
      }
      const api = root[c.iface] as Record<string, (...a: unknown[]) => unknown> | undefined;
      const fn = api?.[c.fn];
      const o = typeof fn === 'function'
        ? capture(() => fn(...cloneValue(c.args as unknown[])))
        : { kind: 'error' as const, name: 'missing export', message: `${c.iface}#${c.fn}`, hasPayload: false };
      mine.push(o);
      stats.run++;
      const d = checkExpectation(c, o, engine.name);
      const known = !d ? undefined
        : engine.name === 'jco' && jcoDroppedBom(c, o) ? 'jco-drops-leading-bom'
        : explainModelMismatch(engine.name, [c.text, ...c.args], expectedOutcome(c), o);
      if (d && engine.name === 'jco' && c.jcoDeviation) stats.knownDeviations++;
      else if (known) stats.known[known] = (stats.known[known] ?? 0) + 1;
      else if (d) stats.specMismatches.push(`${c.iface}#${c.fn} ${c.what}: ${d}`);
    }
    summary.engines[engine.name] = stats;
    outcomes.push(mine);
  }
  for (let ei = 1; ei < engines.length; ei++) {
    cases.forEach((c, i) => {
      const a = outcomes[0]![i];
      const b = outcomes[ei]![i];
      if (!a || !b || c.jcoDeviation) return;
      const d = diffOutcomes(a, b, engines[0]!.name, engines[ei]!.name);
      if (d && !(engines[0]!.name === 'jco' && jcoDroppedBom(c, a)) && !explainDisagreement([c.text, ...c.args], a, b)) {
        summary.disagreements.push(`${c.iface}#${c.fn} ${c.what}: ${d}`);
      }
    });
  }
  return summary;
}
