// The WAVE grammar, untyped: text → a tree of nodes, checked against a type afterwards (to-js.ts).
// Spec: wasm-tools crates/wasm-wave/README.md §"Encoding" (tuples `(…)`, lists `[…]`, records
// `{a: 1}` and the empty record `{:}`, flags `{a, b}` and `{}`, variant cases `label` /
// `label(payload)`, options `some(…)` / `none`, results `ok` / `ok(…)` / `err` / `err(…)`;
// trailing commas allowed; duplicate record fields and flags rejected) and §"Appendix: Function
// calls" (`name(arg, …)`). Nesting is limited to 100 levels as in wasm-wave's parser.

import { WaveError } from './errors.js';
import { Lexer, type Token, type TokenKind } from './lex.js';

export type Node =
  | { readonly type: 'true' | 'false' | 'none'; readonly span: Span }
  | { readonly type: 'number' | 'char' | 'string' | 'multiline'; readonly span: Span; readonly text: string }
  | { readonly type: 'label'; readonly span: Span; readonly label: string; readonly escaped: boolean }
  | { readonly type: 'variant'; readonly span: Span; readonly label: string; readonly payload: Node }
  | { readonly type: 'some'; readonly span: Span; readonly payload: Node }
  | { readonly type: 'ok' | 'err'; readonly span: Span; readonly payload: Node | undefined }
  | { readonly type: 'tuple' | 'list'; readonly span: Span; readonly items: readonly Node[] }
  | { readonly type: 'record'; readonly span: Span; readonly fields: readonly { readonly label: string; readonly span: Span; readonly value: Node }[] }
  | { readonly type: 'flags'; readonly span: Span; readonly labels: readonly { readonly label: string; readonly span: Span }[] };

export type Span = readonly [number, number];

const MAX_DEPTH = 100;
const KEYWORDS = new Set(['true', 'false', 'some', 'none', 'ok', 'err', 'inf', 'nan']);

/** Is `label` one of WAVE's keywords (and so written with a `%` as a case name)? */
export function isKeyword(label: string): boolean {
  return KEYWORDS.has(label);
}

const DESCRIBE: Partial<Record<TokenKind, string>> = {
  number: 'number', label: 'label', char: 'char', string: 'string', multiline: 'multiline string',
};

export class Parser {
  private readonly lex: Lexer;
  private peeked: Token | undefined | null = null;
  private depth = 0;
  constructor(readonly src: string, start = 0) {
    this.lex = new Lexer(src);
    this.lex.pos = start;
  }

  private peek(): Token | undefined {
    if (this.peeked === null) this.peeked = this.lex.next();
    return this.peeked;
  }

  private advance(): Token {
    const t = this.peek();
    this.peeked = null;
    if (t === undefined) throw new WaveError('unexpected end of input', [this.src.length, this.src.length]);
    return t;
  }

  private expect(kind: TokenKind): Token {
    const t = this.advance();
    if (t.kind !== kind) throw this.unexpected(t, `\`${kind}\``);
    return t;
  }

  private unexpected(t: Token, wanted?: string): WaveError {
    const what = DESCRIBE[t.kind] ?? `\`${t.kind}\``;
    return new WaveError(`unexpected ${what}${wanted ? ` (expected ${wanted})` : ''}`, [t.start, t.end]);
  }

  private text(t: Token): string {
    return this.src.slice(t.start, t.end);
  }

  /** Fails unless only whitespace and comments remain. */
  finish(): void {
    const t = this.peek();
    if (t !== undefined) throw new WaveError('trailing characters after value', [t.start, t.end]);
  }

  value(): Node {
    if (this.depth >= MAX_DEPTH) {
      const t = this.peek();
      throw new WaveError('value nesting too deep', t ? [t.start, t.end] : [this.src.length, this.src.length]);
    }
    this.depth++;
    try {
      return this.valueInner();
    } finally {
      this.depth--;
    }
  }

  private valueInner(): Node {
    const t = this.advance();
    const span: Span = [t.start, t.end];
    switch (t.kind) {
      case 'number': case 'char': case 'string': case 'multiline':
        return { type: t.kind, span, text: this.text(t) };
      case '(': {
        const items = this.sequence(')');
        if (items.nodes.length === 0) throw new WaveError('empty tuple', [t.start, items.end]);
        return { type: 'tuple', span: [t.start, items.end], items: items.nodes };
      }
      case '[': {
        const items = this.sequence(']');
        return { type: 'list', span: [t.start, items.end], items: items.nodes };
      }
      case '{': return this.recordOrFlags(t);
      case 'label': return this.labelled(t);
      default:
        throw this.unexpected(t, 'a value');
    }
  }

  private labelled(t: Token): Node {
    const text = this.text(t);
    if (!text.startsWith('%')) {
      switch (text) {
        case 'true': case 'false': return { type: text, span: [t.start, t.end] };
        case 'inf': case 'nan': return { type: 'number', span: [t.start, t.end], text };
        case 'none': return { type: 'none', span: [t.start, t.end] };
        case 'some': {
          this.expect('(');
          const payload = this.value();
          const close = this.expect(')');
          return { type: 'some', span: [t.start, close.end], payload };
        }
        case 'ok': case 'err': {
          if (this.peek()?.kind !== '(') return { type: text, span: [t.start, t.end], payload: undefined };
          this.advance();
          const payload = this.value();
          const close = this.expect(')');
          return { type: text, span: [t.start, close.end], payload };
        }
        default:
      }
    }
    const escaped = text.startsWith('%');
    const label = escaped ? text.slice(1) : text;
    if (this.peek()?.kind === '(') {
      this.advance();
      const payload = this.value();
      const close = this.expect(')');
      return { type: 'variant', span: [t.start, close.end], label, payload };
    }
    return { type: 'label', span: [t.start, t.end], label, escaped };
  }

  private recordOrFlags(open: Token): Node {
    const first = this.advance();
    if (first.kind === ':') {
      const close = this.expect('}');
      return { type: 'record', span: [open.start, close.end], fields: [] };
    }
    if (first.kind === '}') return { type: 'flags', span: [open.start, first.end], labels: [] };
    if (first.kind !== 'label') throw this.unexpected(first, 'a label');
    const isRecord = this.peek()?.kind === ':';
    const seen = new Set<string>();
    const fields: { label: string; span: Span; value: Node }[] = [];
    const labels: { label: string; span: Span }[] = [];
    let t = first;
    for (;;) {
      if (t.kind !== 'label') throw this.unexpected(t, 'a label');
      const label = this.text(t).replace(/^%/, '');
      const span: Span = [t.start, t.end];
      if (seen.has(label)) throw new WaveError(`duplicate ${isRecord ? 'field' : 'flag'} "${label}"`, span);
      seen.add(label);
      if (isRecord) {
        this.expect(':');
        fields.push({ label, span, value: this.value() });
      } else labels.push({ label, span });
      let next = this.advance();
      if (next.kind === ',') next = this.advance();
      else if (next.kind !== '}') throw this.unexpected(next, '`,` or `}`');
      if (next.kind === '}') {
        const end = next.end;
        return isRecord ? { type: 'record', span: [open.start, end], fields } : { type: 'flags', span: [open.start, end], labels };
      }
      t = next;
    }
  }

  /** Comma-separated values up to `close` (trailing comma allowed); the position after `close`. */
  sequence(close: ')' | ']'): { nodes: Node[]; end: number } {
    const nodes: Node[] = [];
    if (this.peek()?.kind === close) return { nodes, end: this.advance().end };
    for (;;) {
      nodes.push(this.value());
      const t = this.advance();
      if (t.kind === close) return { nodes, end: t.end };
      if (t.kind !== ',') throw this.unexpected(t, `\`,\` or \`${close}\``);
      if (this.peek()?.kind === close) return { nodes, end: this.advance().end };
    }
  }

  /** For a function call: expects `(` next and returns the argument nodes up to `)`. */
  args(): { nodes: Node[]; span: Span } {
    const open = this.expect('(');
    const { nodes, end } = this.sequence(')');
    return { nodes, span: [open.start, end] };
  }
}

/** Parses one WAVE value (untyped). */
export function parseNode(src: string): Node {
  const p = new Parser(src);
  const n = p.value();
  p.finish();
  return n;
}
