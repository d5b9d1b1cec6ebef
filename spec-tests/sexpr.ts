// S-expression lexer and parser for the WebAssembly script (.wast) format.
//
// Follows the lexical grammar of the WebAssembly text format closely enough for
// test scripts: whitespace, `;;` line comments, nested `(; ... ;)` block
// comments, strings with escapes, annotations `(@id ...)`, and "reserved"
// tokens (runs of idchars, strings and `,;[]{}` with no separating space).
// Every node keeps its exact source span so that a module's own text can be
// handed verbatim to a text->binary converter.

export interface Span {
  /** Offset (UTF-16 code units) of the first character. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
}

export interface AtomNode extends Span {
  readonly kind: 'atom';
  /** Raw token text as written (quotes and escapes included). */
  readonly text: string;
}

export interface StringNode extends Span {
  readonly kind: 'string';
  /** Decoded bytes (escapes are raw bytes, other characters UTF-8). */
  readonly bytes: Uint8Array;
  /** Raw token text including quotes. */
  readonly text: string;
}

export interface ListNode extends Span {
  readonly kind: 'list';
  readonly items: readonly SNode[];
  /** For `(@name ...)`: the annotation id (without `@`). */
  readonly annotation?: string;
}

export type SNode = AtomNode | StringNode | ListNode;

export class SExprSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly offset: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'SExprSyntaxError';
  }
}

// idchar per the text format spec.
const ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&'*+-./:<=>?@\\^_`|~";
const IS_IDCHAR = new Uint8Array(128);
for (const c of ID_CHARS) IS_IDCHAR[c.charCodeAt(0)] = 1;
const IS_RESERVED_EXTRA = new Uint8Array(128);
for (const c of ',;[]{}') IS_RESERVED_EXTRA[c.charCodeAt(0)] = 1;

function isTokenChar(code: number): boolean {
  return code < 128 && (IS_IDCHAR[code] === 1 || IS_RESERVED_EXTRA[code] === 1);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

const utf8 = new TextEncoder();

/**
 * Decodes the body of a string literal (between the quotes) to bytes.
 * Escapes: \t \n \r \" \' \\ \hh (raw byte) \u{hex} (UTF-8 of code point).
 */
export function decodeStringBody(body: string, line = 0, offset = 0): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch !== '\\') {
      const cp = body.codePointAt(i)!;
      const n = cp > 0xffff ? 2 : 1;
      if (cp < 0x80) out.push(cp);
      else for (const b of utf8.encode(body.slice(i, i + n))) out.push(b);
      i += n;
      continue;
    }
    const e = body[i + 1];
    switch (e) {
      case 't': out.push(0x09); i += 2; continue;
      case 'n': out.push(0x0a); i += 2; continue;
      case 'r': out.push(0x0d); i += 2; continue;
      case '"': out.push(0x22); i += 2; continue;
      case "'": out.push(0x27); i += 2; continue;
      case '\\': out.push(0x5c); i += 2; continue;
      case 'u': {
        const m = /^\\u\{([0-9a-fA-F](?:_?[0-9a-fA-F])*)\}/.exec(body.slice(i));
        if (!m) throw new SExprSyntaxError('malformed \\u escape in string', line, offset);
        const cp = parseInt(m[1]!.replace(/_/g, ''), 16);
        if (!(cp < 0xd800 || (cp >= 0xe000 && cp <= 0x10ffff))) {
          throw new SExprSyntaxError('invalid code point in \\u escape', line, offset);
        }
        for (const b of utf8.encode(String.fromCodePoint(cp))) out.push(b);
        i += m[0].length;
        continue;
      }
      default: {
        const hh = body.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hh)) {
          throw new SExprSyntaxError(`invalid escape \\${e ?? ''} in string`, line, offset);
        }
        out.push(parseInt(hh, 16));
        i += 3;
      }
    }
  }
  return Uint8Array.from(out);
}

interface RawToken {
  readonly type: 'lparen' | 'annot' | 'rparen' | 'token';
  readonly start: number;
  readonly end: number;
  readonly line: number;
  /** For 'annot': the annotation id. */
  readonly id?: string;
}

/** Splits source text into tokens (comments and whitespace are dropped). */
export function* lex(src: string): Generator<RawToken> {
  let pos = 0;
  let line = 1;
  const n = src.length;

  const err = (msg: string): never => {
    throw new SExprSyntaxError(msg, line, pos);
  };

  // Scans a string literal starting at `pos` (which is at the opening quote);
  // returns the offset after the closing quote and updates `line`.
  const scanString = (p: number): number => {
    p++;
    for (;;) {
      if (p >= n) return err('unterminated string');
      const c = src.charCodeAt(p);
      if (c === 0x22) return p + 1;
      if (c === 0x0a) return err('newline in string');
      if (c === 0x5c) p += 2;
      else p++;
    }
  };

  while (pos < n) {
    const c = src.charCodeAt(pos);
    if (c === 0x0a) { line++; pos++; continue; }
    if (isSpace(c)) { pos++; continue; }
    if (c === 0x3b /* ; */ && src.charCodeAt(pos + 1) === 0x3b) {
      while (pos < n && src.charCodeAt(pos) !== 0x0a) pos++;
      continue;
    }
    if (c === 0x28 /* ( */ && src.charCodeAt(pos + 1) === 0x3b /* ; */) {
      // Nested block comment.
      let depth = 1;
      pos += 2;
      while (depth > 0) {
        if (pos >= n) err('unterminated block comment');
        const d = src.charCodeAt(pos);
        if (d === 0x28 && src.charCodeAt(pos + 1) === 0x3b) { depth++; pos += 2; }
        else if (d === 0x3b && src.charCodeAt(pos + 1) === 0x29) { depth--; pos += 2; }
        else { if (d === 0x0a) line++; pos++; }
      }
      continue;
    }
    if (c === 0x28 /* ( */) {
      if (src.charCodeAt(pos + 1) === 0x40 /* @ */) {
        const start = pos;
        let p = pos + 2;
        let id: string;
        if (src.charCodeAt(p) === 0x22) {
          const e = scanString(p);
          id = new TextDecoder('utf-8', { ignoreBOM: true }).decode(decodeStringBody(src.slice(p + 1, e - 1), line, p));
          p = e;
        } else {
          const s = p;
          while (p < n && src.charCodeAt(p) < 128 && IS_IDCHAR[src.charCodeAt(p)] === 1) p++;
          id = src.slice(s, p);
        }
        pos = p;
        yield { type: 'annot', start, end: p, line, id };
        continue;
      }
      yield { type: 'lparen', start: pos, end: pos + 1, line };
      pos++;
      continue;
    }
    if (c === 0x29 /* ) */) {
      yield { type: 'rparen', start: pos, end: pos + 1, line };
      pos++;
      continue;
    }
    if (c === 0x22 || isTokenChar(c)) {
      const start = pos;
      let p = pos;
      for (;;) {
        if (p >= n) break;
        const d = src.charCodeAt(p);
        if (d === 0x22) { p = scanString(p); continue; }
        if (d === 0x3b && src.charCodeAt(p + 1) === 0x3b) break;
        if (!isTokenChar(d)) break;
        p++;
      }
      pos = p;
      yield { type: 'token', start, end: p, line };
      continue;
    }
    err(`unexpected character ${JSON.stringify(src[pos])}`);
  }
}

function makeAtomOrString(src: string, t: RawToken): AtomNode | StringNode {
  const text = src.slice(t.start, t.end);
  if (text.length >= 2 && text.charCodeAt(0) === 0x22) {
    // A pure string literal iff the first string literal spans the whole token.
    let p = 1;
    while (p < text.length && text.charCodeAt(p) !== 0x22) p += text.charCodeAt(p) === 0x5c ? 2 : 1;
    if (p === text.length - 1) {
      return {
        kind: 'string',
        text,
        bytes: decodeStringBody(text.slice(1, -1), t.line, t.start),
        start: t.start,
        end: t.end,
        line: t.line,
      };
    }
  }
  return { kind: 'atom', text, start: t.start, end: t.end, line: t.line };
}

/** Parses a whole script into its top-level s-expressions. */
export function parseSExprs(src: string): SNode[] {
  const top: SNode[] = [];
  const stack: { items: SNode[]; start: number; line: number; annotation?: string }[] = [];
  for (const t of lex(src)) {
    if (t.type === 'lparen' || t.type === 'annot') {
      const frame: { items: SNode[]; start: number; line: number; annotation?: string } = {
        items: [],
        start: t.start,
        line: t.line,
      };
      if (t.type === 'annot') frame.annotation = t.id ?? '';
      stack.push(frame);
      continue;
    }
    if (t.type === 'rparen') {
      const frame = stack.pop();
      if (!frame) throw new SExprSyntaxError('unbalanced ")"', t.line, t.start);
      const node: ListNode = frame.annotation === undefined
        ? { kind: 'list', items: frame.items, start: frame.start, end: t.end, line: frame.line }
        : { kind: 'list', items: frame.items, start: frame.start, end: t.end, line: frame.line, annotation: frame.annotation };
      (stack.length ? stack[stack.length - 1]!.items : top).push(node);
      continue;
    }
    const node = makeAtomOrString(src, t);
    if (!stack.length) throw new SExprSyntaxError('token outside of parentheses', t.line, t.start);
    stack[stack.length - 1]!.items.push(node);
  }
  if (stack.length) {
    const f = stack[stack.length - 1]!;
    throw new SExprSyntaxError('unclosed "("', f.line, f.start);
  }
  return top;
}

// ---------------------------------------------------------------------------
// Small helpers used by the command model.

export function isAtom(n: SNode | undefined, text?: string): n is AtomNode {
  return n !== undefined && n.kind === 'atom' && (text === undefined || n.text === text);
}

export function isList(n: SNode | undefined): n is ListNode {
  return n !== undefined && n.kind === 'list';
}

/** Items of a list with annotations removed. */
export function plainItems(n: ListNode): SNode[] {
  return n.items.filter((i) => !(i.kind === 'list' && i.annotation !== undefined));
}

/** Head keyword of a list (ignoring annotations), or undefined. */
export function headOf(n: SNode): string | undefined {
  if (n.kind !== 'list' || n.annotation !== undefined) return undefined;
  const first = plainItems(n)[0];
  return first && first.kind === 'atom' ? first.text : undefined;
}

/** Decodes an identifier token (`$name` or `$"quoted"`) to its name. */
export function idName(a: AtomNode): string | undefined {
  if (!a.text.startsWith('$')) return undefined;
  const rest = a.text.slice(1);
  if (rest.startsWith('"') && rest.endsWith('"') && rest.length >= 2) {
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(decodeStringBody(rest.slice(1, -1), a.line, a.start));
  }
  return rest;
}
