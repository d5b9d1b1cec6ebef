// UTF-8 decoding and encoding without TextDecoder/TextEncoder (sandboxes may lack them).
// Spec: Unicode 15 §3.9, Table 3-7 "Well-Formed UTF-8 Byte Sequences"; WebAssembly Core 3.0
// §5.2.4 "Names" requires names to be well-formed UTF-8.

/** Decodes bytes[start, end) as well-formed UTF-8; undefined if it is not. */
export function decodeUtf8Strict(bytes: Uint8Array, start: number, end: number): string | undefined {
  let out = '';
  let chunk: number[] = [];
  let i = start;
  while (i < end) {
    const b0 = bytes[i]!;
    let cp: number;
    if (b0 < 0x80) {
      cp = b0;
      i += 1;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      if (i + 1 >= end) return undefined;
      const b1 = bytes[i + 1]!;
      if ((b1 & 0xc0) !== 0x80) return undefined;
      cp = ((b0 & 0x1f) << 6) | (b1 & 0x3f);
      i += 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      if (i + 2 >= end) return undefined;
      const b1 = bytes[i + 1]!;
      const b2 = bytes[i + 2]!;
      const lo = b0 === 0xe0 ? 0xa0 : 0x80;
      const hi = b0 === 0xed ? 0x9f : 0xbf;
      if (b1 < lo || b1 > hi || (b2 & 0xc0) !== 0x80) return undefined;
      cp = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      i += 3;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      if (i + 3 >= end) return undefined;
      const b1 = bytes[i + 1]!;
      const b2 = bytes[i + 2]!;
      const b3 = bytes[i + 3]!;
      const lo = b0 === 0xf0 ? 0x90 : 0x80;
      const hi = b0 === 0xf4 ? 0x8f : 0xbf;
      if (b1 < lo || b1 > hi || (b2 & 0xc0) !== 0x80 || (b3 & 0xc0) !== 0x80) return undefined;
      cp = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      i += 4;
    } else {
      return undefined;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      chunk.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      chunk.push(cp);
    }
    if (chunk.length >= 4096) {
      out += String.fromCharCode.apply(null, chunk);
      chunk = [];
    }
  }
  return chunk.length ? out + String.fromCharCode.apply(null, chunk) : out;
}

/** Encodes a JS string as UTF-8 (lone surrogates become U+FFFD, as TextEncoder does). */
export function encodeUtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

// ---- The host's TextEncoder/TextDecoder when it has them (faster), else the code above. ----
// Looked up lazily, never at module load, so that loading purewasm works in realms without them
// (a bare node vm context, QuickJS, an SES Compartment). Semantics are identical either way.

interface HostTextEncoder { encode(s: string): Uint8Array; encodeInto(s: string, d: Uint8Array): { written: number } }
interface HostTextDecoder { decode(b: Uint8Array): string }
type TextDecoderCtor = new (label: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => HostTextDecoder;

let hostEncoder: HostTextEncoder | null | undefined;
const hostDecoders = new Map<string, HostTextDecoder | null>();

function textEncoder(): HostTextEncoder | null {
  if (hostEncoder === undefined) {
    const E = (globalThis as { TextEncoder?: new () => HostTextEncoder }).TextEncoder;
    try {
      hostEncoder = typeof E === 'function' ? new E() : null;
    } catch {
      hostEncoder = null;
    }
  }
  return hostEncoder;
}

function textDecoder(label: 'utf-8' | 'utf-16le', fatal: boolean, ignoreBOM: boolean): HostTextDecoder | null {
  const key = `${label}/${fatal}/${ignoreBOM}`;
  let d = hostDecoders.get(key);
  if (d === undefined) {
    const D = (globalThis as { TextDecoder?: TextDecoderCtor }).TextDecoder;
    try {
      d = typeof D === 'function' ? new D(label, { fatal, ignoreBOM }) : null;
    } catch {
      d = null;
    }
    hostDecoders.set(key, d);
  }
  return d;
}

/** UTF-8 bytes of s (TextEncoder.encode semantics). */
export function utf8Encode(s: string): Uint8Array {
  const e = textEncoder();
  return e !== null ? e.encode(s) : encodeUtf8(s);
}

/** TextEncoder.encodeInto: writes as many whole characters of s as fit in dest; returns the bytes written. */
export function utf8EncodeInto(s: string, dest: Uint8Array): number {
  const e = textEncoder();
  if (e !== null) return e.encodeInto(s, dest).written;
  const bytes = encodeUtf8(s);
  let n = bytes.length;
  if (n > dest.length) {
    n = dest.length;
    while (n > 0 && (bytes[n]! & 0xc0) === 0x80) n--; // back off to a character boundary
  }
  dest.set(n === bytes.length ? bytes : bytes.subarray(0, n));
  return n;
}

/** Strict UTF-8 decoding (TextDecoder fatal); undefined if invalid. `stripBOM` drops a leading U+FEFF. */
export function decodeUtf8Fatal(bytes: Uint8Array, stripBOM = false): string | undefined {
  const d = textDecoder('utf-8', true, !stripBOM);
  if (d !== null) {
    try {
      return d.decode(bytes);
    } catch {
      return undefined;
    }
  }
  const s = decodeUtf8Strict(bytes, 0, bytes.length);
  return stripBOM && s !== undefined && s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Strict UTF-16LE decoding (an unpaired surrogate or an odd byte count is invalid); undefined if invalid. BOM kept. */
export function decodeUtf16leFatal(bytes: Uint8Array): string | undefined {
  const d = textDecoder('utf-16le', true, true);
  if (d !== null) {
    try {
      return d.decode(bytes);
    } catch {
      return undefined;
    }
  }
  if (bytes.length % 2 !== 0) return undefined;
  const n = bytes.length >> 1;
  let out = '';
  let chunk: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
    if (c >= 0xd800 && c <= 0xdbff) {
      if (i + 1 >= n) return undefined;
      const d2 = bytes[2 * i + 2]! | (bytes[2 * i + 3]! << 8);
      if (d2 < 0xdc00 || d2 > 0xdfff) return undefined;
      chunk.push(c, d2);
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return undefined;
    } else {
      chunk.push(c);
    }
    if (chunk.length >= 4096) {
      out += String.fromCharCode.apply(null, chunk);
      chunk = [];
    }
  }
  return chunk.length ? out + String.fromCharCode.apply(null, chunk) : out;
}

/**
 * Lenient UTF-8 decoding (TextDecoder default: a leading BOM is dropped, each maximal ill-formed
 * subpart becomes U+FFFD — WHATWG Encoding §9.1.1 "UTF-8 decoder").
 */
export function decodeUtf8Lenient(bytes: Uint8Array): string {
  const d = textDecoder('utf-8', false, false);
  if (d !== null) return d.decode(bytes);
  let out = '';
  let start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let i = start;
  const end = bytes.length;
  while (i < end) {
    const len = validSequenceLength(bytes, i, end);
    if (len > 0) {
      i += len;
      continue;
    }
    out += decodeUtf8Strict(bytes, start, i)! + '\ufffd';
    i += maximalSubpart(bytes, i, end);
    start = i;
  }
  return out + decodeUtf8Strict(bytes, start, end)!;
}

/** Second-byte range of a lead byte (Unicode Table 3-7), or undefined if b0 cannot lead. */
function secondRange(b0: number): [number, number, number] | undefined {
  if (b0 >= 0xc2 && b0 <= 0xdf) return [2, 0x80, 0xbf];
  if (b0 === 0xe0) return [3, 0xa0, 0xbf];
  if (b0 === 0xed) return [3, 0x80, 0x9f];
  if (b0 >= 0xe1 && b0 <= 0xef) return [3, 0x80, 0xbf];
  if (b0 === 0xf0) return [4, 0x90, 0xbf];
  if (b0 === 0xf4) return [4, 0x80, 0x8f];
  if (b0 >= 0xf1 && b0 <= 0xf3) return [4, 0x80, 0xbf];
  return undefined;
}

/** The length of the well-formed sequence at i, or 0 if there is none. */
function validSequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const r = secondRange(b0);
  if (r === undefined || i + r[0] > end) return 0;
  const b1 = bytes[i + 1]!;
  if (b1 < r[1] || b1 > r[2]) return 0;
  for (let k = 2; k < r[0]; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  return r[0];
}

/** How many bytes one U+FFFD replaces at i (the maximal subpart of an ill-formed sequence, at least 1). */
function maximalSubpart(bytes: Uint8Array, i: number, end: number): number {
  const r = secondRange(bytes[i]!);
  if (r === undefined || i + 1 >= end) return 1;
  const b1 = bytes[i + 1]!;
  if (b1 < r[1] || b1 > r[2]) return 1;
  let k = 2;
  while (k < r[0] && i + k < end && (bytes[i + k]! & 0xc0) === 0x80) k++;
  return k;
}
