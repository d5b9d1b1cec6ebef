// WAVE chars and strings: decoding the escapes of a literal and writing a value with the escapes
// it needs. Spec: wasm-tools crates/wasm-wave/README.md §"Chars" (escapes \' \" \\ \t \n \r and
// \u{…} of a Unicode scalar value; `\n`, `\` and `'` must be escaped in a char), §"Strings"
// (`\n`, `\` and `"` must be escaped), §"Multiline Strings" (`"""` + line break … line break,
// spaces, `"""`; the closing line's spaces are the indent removed from every line; line breaks
// inside decode as `\n`, a `\r` before a literal line break is dropped unless escaped).
//
// Writing follows what wasmtime prints through wasm-wave's writer: \\ \" \' \t \r \n as such,
// other control characters as \u{hex}, and characters Rust's `char::escape_debug` escapes
// (non-printable ones and grapheme extenders) as \u{hex}, so that output stays readable and
// unambiguous on a terminal.

import { WaveError } from './errors.js';

const SIMPLE: Record<string, string> = { "'": "'", '"': '"', '\\': '\\', t: '\t', n: '\n', r: '\r' };

/** Decodes the escape at `src[pos]` (a backslash); returns the character and its source length. */
function unescapeAt(src: string, pos: number, base: number): [string, number] {
  const c = src[pos + 1];
  const simple = c === undefined ? undefined : SIMPLE[c];
  if (simple !== undefined) return [simple, 2];
  if (c === 'u' && src[pos + 2] === '{') {
    const close = src.indexOf('}', pos + 3);
    const hex = close < 0 ? '' : src.slice(pos + 3, close);
    if (/^[0-9a-fA-F]{1,6}$/.test(hex)) {
      const v = parseInt(hex, 16);
      if (v <= 0x10ffff && (v < 0xd800 || v > 0xdfff)) return [String.fromCodePoint(v), close + 1 - pos];
    }
  }
  throw new WaveError('invalid character escape', [base + pos, base + pos + 1]);
}

/** Decodes the inside of a string literal (escapes checked by the lexer for syntax only). */
export function decodeEscapes(inner: string, base: number): string {
  let out = '';
  let p = 0;
  for (;;) {
    const bs = inner.indexOf('\\', p);
    if (bs < 0) return out + inner.slice(p);
    out += inner.slice(p, bs);
    const [ch, len] = unescapeAt(inner, bs, base);
    out += ch;
    p = bs + len;
  }
}

/** The character of a char token's text (with its quotes); `start` is its source offset. */
export function decodeChar(text: string, start: number): string {
  const inner = text.slice(1, -1);
  if (inner.startsWith('\\')) {
    const [ch, len] = unescapeAt(inner, 0, start + 1);
    if (len !== inner.length) throw new WaveError('multiple characters in char value', [start, start + text.length]);
    return ch;
  }
  return inner;
}

/** The value of a multiline string token's text (with its `"""` delimiters). */
export function decodeMultiline(text: string, start: number): string {
  let body = text.slice(3, -3);
  let pos = start + 3;
  if (body.startsWith('\r')) { body = body.slice(1); pos++; }
  const lines = body.split('\n');
  const indent = lines.pop()!;
  if (/[^ ]/.test(indent)) {
    throw new WaveError('invalid multiline string: the closing """ must be on a line of its own, preceded only by spaces',
      [start + text.length - 3, start + text.length]);
  }
  if (lines.shift() !== '') {
    throw new WaveError('invalid multiline string: the opening """ must be followed immediately by a line break', [start, start + 3]);
  }
  pos += 1;
  const parts: string[] = [];
  for (const line of lines) {
    if (!line.startsWith(indent)) {
      throw new WaveError('invalid multiline string: every line must be indented at least as much as the closing """', [pos, pos + 1]);
    }
    const content = line.slice(indent.length);
    parts.push(decodeEscapes(content.endsWith('\r') ? content.slice(0, -1) : content, pos + indent.length));
    pos += line.length + 1;
  }
  return parts.join('\n');
}

// Characters written as \u{…}: control (Cc), format (Cf), surrogate, private use, unassigned,
// line/paragraph separators, spaces other than U+0020, and grapheme extenders (combining marks).
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Grapheme_Extend}]|(?! )\p{Zs}/u;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '"': '\\"', "'": "\\'", '\t': '\\t', '\r': '\\r', '\n': '\\n' };

/** One character (code point) as written inside a WAVE char or string literal. */
export function escapeChar(ch: string): string {
  const e = ESCAPED[ch];
  if (e !== undefined) return e;
  if (UNPRINTABLE.test(ch)) return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  return ch;
}

/** A string as a WAVE string literal. */
export function writeString(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeChar(ch);
  return `${out}"`;
}
