// The WAVE tokenizer. Spec: wasm-tools crates/wasm-wave/README.md §"Encoding" (whitespace is
// insignificant between tokens; `//` comments to the end of the line; keywords; labels after WIT's
// identifier syntax, optionally prefixed with `%`; numbers as JSON numbers plus `-inf`; chars
// `'c'`; strings `"…"`; multiline strings `"""…"""`) and the token grammar of its lexer
// (src/lex.rs): a number is `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?` or `-inf`; a label
// word is `[a-z][a-z0-9]*` or `[A-Z][A-Z0-9]*` first, `[a-z0-9]+` or `[A-Z0-9]+` after a `-`;
// a char escape is one of \' \" \\ \t \n \r \u{1-6 hex digits}. Tokens are matched longest first.

import { WaveError } from './errors.js';

export type TokenKind =
  | '{' | '}' | '(' | ')' | '[' | ']' | ':' | ','
  | 'number' | 'label' | 'char' | 'string' | 'multiline';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
// After a `-`, a word is digits then (optionally) letters of one case: written so that the first
// matching alternative is also the longest, as the reference lexer's longest-match rule wants.
const LABEL = /%?(?:[a-z][a-z0-9]*|[A-Z][A-Z0-9]*)(?:-(?:[0-9]*[a-z][a-z0-9]*|[0-9]*[A-Z][A-Z0-9]*|[0-9]+))*/y;
const ESCAPE = /\\(?:['"tnr\\]|u\{[0-9a-fA-F]{1,6}\})/y;

const PUNCT = new Set(['{', '}', '(', ')', '[', ']', ':', ',']);

function sticky(re: RegExp, src: string, pos: number): number {
  re.lastIndex = pos;
  return re.test(src) ? re.lastIndex : -1;
}

export class Lexer {
  pos = 0;
  constructor(readonly src: string) {}

  /** Skips whitespace and comments; true if input remains. */
  private skip(): boolean {
    const s = this.src;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else if (c === 0x2f && s.charCodeAt(this.pos + 1) === 0x2f) {
        const nl = s.indexOf('\n', this.pos);
        this.pos = nl < 0 ? s.length : nl;
      } else return this.pos < s.length;
    }
  }

  /** The next token, or undefined at the end of the input. */
  next(): Token | undefined {
    if (!this.skip()) return undefined;
    const s = this.src;
    const start = this.pos;
    const c = s[start]!;
    const tok = (kind: TokenKind, end: number): Token => {
      this.pos = end;
      return { kind, start, end };
    };
    if (PUNCT.has(c)) return tok(c as TokenKind, start + 1);
    if (c === '-' && s.startsWith('-inf', start)) {
      // `-inf` is a number token unless a longer number matches (it cannot: `-i…` is no number)
      return tok('number', start + 4);
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const end = sticky(NUMBER, s, start);
      if (end > 0) return tok('number', end);
      throw new WaveError('invalid token', [start, start + 1]);
    }
    if (c === '%' || /[a-zA-Z]/.test(c)) {
      const end = sticky(LABEL, s, start);
      if (end > 0) return tok('label', end);
      throw new WaveError('invalid token', [start, start + 1]);
    }
    if (c === "'") return tok('char', this.charEnd(start));
    if (c === '"') {
      if (s.startsWith('"""', start)) {
        const close = s.indexOf('"""', start + 3);
        if (close < 0) throw new WaveError('invalid token', [start, start + 3]);
        return tok('multiline', close + 3);
      }
      return tok('string', this.stringEnd(start));
    }
    const cp = s.codePointAt(start)!;
    throw new WaveError('invalid token', [start, start + (cp > 0xffff ? 2 : 1)]);
  }

  /** End of a char literal starting at `start` (the opening quote). */
  private charEnd(start: number): number {
    const s = this.src;
    let p = start + 1;
    if (s[p] === '\\') {
      const e = sticky(ESCAPE, s, p);
      if (e < 0 || s[e] !== "'") throw new WaveError('invalid token', [start, start + 1]);
      return e + 1;
    }
    let count = 0;
    while (p < s.length && s[p] !== "'" && s[p] !== '\\' && s[p] !== '\n') {
      p += s.codePointAt(p)! > 0xffff ? 2 : 1;
      count++;
    }
    if (s[p] !== "'" || count === 0) throw new WaveError('invalid token', [start, start + 1]);
    if (count !== 1) throw new WaveError('invalid token: a char holds exactly one character', [start, p + 1]);
    return p + 1;
  }

  /** End of a string literal starting at `start` (the opening quote). */
  private stringEnd(start: number): number {
    const s = this.src;
    let p = start + 1;
    for (;;) {
      const c = s[p];
      if (c === '"') return p + 1;
      if (c === undefined || c === '\n') throw new WaveError('invalid token', [start, start + 1]);
      if (c === '\\') {
        const e = sticky(ESCAPE, s, p);
        if (e < 0) throw new WaveError('invalid token', [start, start + 1]);
        p = e;
      } else p++;
    }
  }
}
