// The command model of component .wast scripts: turns a script's s-expressions into commands.
//
// The forms are those of wasm-tools' wast crate (crates/wast/src/wast.rs), which both component
// suites are written in:
//   (component $id? ...)                 text component, instantiated ($id names the instance)
//   (component $id? binary "..."*)       binary component
//   (component quote "..."*)             text given as strings: `(component <strings>)`
//   (component definition $id? ...)      compiled, not instantiated ($id names the definition)
//   (component instance $inst? $def)     instantiates a definition
//   (module ...)                         a core module (only `(module binary ...)` in
//                                        assert_malformed is used by the suites)
//   (register "name" $id?)               makes an instance importable under "name"
//   (invoke $id? "name" value*)          calls an exported function (values: values.ts)
//   (assert_return (invoke ...) value?)  (assert_trap (invoke ...) "msg")
//   (assert_trap (component ...) "msg")  instantiation traps (start function)
//   (assert_invalid|assert_malformed|assert_unlinkable (component|module ...) "msg")

import {
  type ListNode, type SNode, type StringNode, SExprSyntaxError, headOf, idName, isAtom, isList, parseSExprs, plainItems,
} from '../sexpr.js';
import { type CValue, ValueSyntaxError, parseCValue } from './values.js';

export type Layer = 'component' | 'core';

export type Source =
  /** Text; `text` is standalone component/module text for the text->binary converter. */
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary'; readonly bytes: Uint8Array }
  /** `(component quote ...)`: `text` is the assembled `(component ...)` text. */
  | { readonly kind: 'quote'; readonly text: string };

export interface Decl {
  readonly line: number;
  readonly layer: Layer;
  readonly id?: string | undefined;
  /** `(component definition ...)`: compiled but not instantiated. */
  readonly definition: boolean;
  readonly source: Source;
}

export interface Invoke {
  readonly line: number;
  readonly instance?: string | undefined;
  readonly name: string;
  readonly args: readonly CValue[];
}

interface Base { readonly line: number }

export type Command =
  | (Base & { readonly kind: 'component'; readonly decl: Decl })
  | (Base & { readonly kind: 'component_instance'; readonly instance?: string | undefined; readonly definition: string })
  | (Base & { readonly kind: 'register'; readonly as: string; readonly instance?: string | undefined })
  | (Base & { readonly kind: 'invoke'; readonly invoke: Invoke })
  | (Base & { readonly kind: 'assert_return'; readonly invoke: Invoke; readonly expected: readonly CValue[] })
  | (Base & { readonly kind: 'assert_trap'; readonly invoke: Invoke; readonly message: string })
  | (Base & { readonly kind: 'assert_trap_component'; readonly decl: Decl; readonly message: string })
  | (Base & { readonly kind: 'assert_exhaustion'; readonly invoke: Invoke; readonly message: string })
  | (Base & { readonly kind: 'assert_malformed' | 'assert_invalid' | 'assert_unlinkable'; readonly decl: Decl; readonly message: string })
  /** A command the model could not parse (reported as a failure). */
  | (Base & { readonly kind: 'bad'; readonly head: string; readonly error: string });

export type CommandKind = Command['kind'];

export class WastSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(`${message} (line ${line})`);
    this.name = 'WastSyntaxError';
  }
}

function fail(msg: string, line: number): never {
  throw new WastSyntaxError(msg, line);
}

function strings(nodes: readonly SNode[], line: number): Uint8Array[] {
  return nodes.map((n) => {
    if (n.kind !== 'string') fail('expected a string', n.line ?? line);
    return (n as StringNode).bytes;
  });
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function ref(n: SNode | undefined): string | undefined {
  return isAtom(n) && n.text.startsWith('$') ? idName(n) : undefined;
}

function str(n: SNode | undefined, line: number, what: string): string {
  if (!n || n.kind !== 'string') fail(`expected ${what} string`, n?.line ?? line);
  return utf8.decode((n as StringNode).bytes);
}

/** Parses `(component ...)` or `(module ...)` with `definition`, `$id`, `binary`, `quote`. */
export function parseDecl(node: ListNode, src: string): Decl {
  const items = plainItems(node);
  const head = headOf(node);
  if (head !== 'component' && head !== 'module') fail('expected (component ...) or (module ...)', node.line);
  const layer: Layer = head === 'component' ? 'component' : 'core';
  let i = 1;
  let defToken: SNode | undefined;
  if (isAtom(items[i], 'definition')) defToken = items[i++];
  const id = ref(items[i]);
  if (id !== undefined) i++;
  const base = { line: node.line, layer, definition: defToken !== undefined, ...(id === undefined ? {} : { id }) };
  if (isAtom(items[i], 'binary')) return { ...base, source: { kind: 'binary', bytes: concat(strings(items.slice(i + 1), node.line)) } };
  if (isAtom(items[i], 'quote')) {
    // wasm-tools joins the strings with spaces and, for components, wraps them in `(component ...)`.
    const body = strings(items.slice(i + 1), node.line).map((b) => utf8.decode(b)).join(' ');
    return { ...base, source: { kind: 'quote', text: `(${head} ${body})` } };
  }
  const text = defToken ? src.slice(node.start, defToken.start) + src.slice(defToken.end, node.end) : src.slice(node.start, node.end);
  return { ...base, source: { kind: 'text', text } };
}

function parseInvoke(node: SNode | undefined, line: number): Invoke {
  if (!isList(node) || headOf(node) !== 'invoke') fail('expected (invoke ...)', node?.line ?? line);
  const items = plainItems(node);
  let i = 1;
  const instance = ref(items[i]);
  if (instance !== undefined) i++;
  const name = str(items[i++], node.line, 'export name');
  return { line: node.line, ...(instance === undefined ? {} : { instance }), name, args: items.slice(i).map(parseCValue) };
}

function isDeclForm(n: SNode | undefined): n is ListNode {
  return isList(n) && (headOf(n) === 'component' || headOf(n) === 'module');
}

function parseCommand(node: ListNode, src: string): Command {
  const items = plainItems(node);
  const head = headOf(node) ?? '';
  const line = node.line;
  switch (head) {
    case 'component':
    case 'module': {
      if (isAtom(items[1], 'instance')) {
        const ids = items.slice(2).map(ref);
        if (ids.length < 1 || ids.length > 2 || ids.some((x) => x === undefined)) fail(`${head} instance needs ids: (${head} instance $I? $D)`, line);
        const definition = ids[ids.length - 1]!;
        return { kind: 'component_instance', line, definition, ...(ids.length === 2 ? { instance: ids[0] } : {}) };
      }
      return { kind: 'component', line, decl: parseDecl(node, src) };
    }
    case 'register': {
      const as = str(items[1], line, 'registration name');
      const instance = ref(items[2]);
      return { kind: 'register', line, as, ...(instance === undefined ? {} : { instance }) };
    }
    case 'invoke':
      return { kind: 'invoke', line, invoke: parseInvoke(node, line) };
    case 'assert_return':
      return { kind: 'assert_return', line, invoke: parseInvoke(items[1], line), expected: items.slice(2).map(parseCValue) };
    case 'assert_trap': {
      const message = str(items[2], line, 'failure message');
      if (isDeclForm(items[1])) return { kind: 'assert_trap_component', line, decl: parseDecl(items[1], src), message };
      return { kind: 'assert_trap', line, invoke: parseInvoke(items[1], line), message };
    }
    case 'assert_exhaustion':
      return { kind: 'assert_exhaustion', line, invoke: parseInvoke(items[1], line), message: str(items[2], line, 'failure message') };
    case 'assert_malformed':
    case 'assert_invalid':
    case 'assert_unlinkable': {
      if (!isDeclForm(items[1])) fail(`${head} needs a component or module`, line);
      return { kind: head, line, decl: parseDecl(items[1], src), message: str(items[2], line, 'failure message') };
    }
    default:
      return { kind: 'bad', line, head, error: `unsupported command ${head || '(annotation or non-keyword)'}` };
  }
}

/**
 * Parses a component .wast script. Throws SExprSyntaxError for lexical/structural errors;
 * errors inside one command make it a `bad` command.
 */
export function parseComponentWast(src: string): Command[] {
  const out: Command[] = [];
  for (const f of parseSExprs(src)) {
    if (!isList(f)) {
      out.push({ kind: 'bad', line: f.line, head: '', error: 'expected a command' });
      continue;
    }
    try {
      out.push(parseCommand(f, src));
    } catch (e) {
      if (e instanceof WastSyntaxError || e instanceof ValueSyntaxError || e instanceof SExprSyntaxError) {
        out.push({ kind: 'bad', line: f.line, head: headOf(f) ?? '', error: e.message });
      } else {
        throw e;
      }
    }
  }
  return out;
}
