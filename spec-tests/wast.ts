// The .wast command model: turns a script's s-expressions into commands.

import {
  type ListNode, type SNode, type StringNode, SExprSyntaxError, headOf, idName, isAtom, isList, parseSExprs, plainItems,
} from './sexpr.js';
import { type Pattern, type Value, ValueSyntaxError, parseArg, parseResult } from './values.js';

export type ModuleSource =
  /** Text module; `text` is standalone module text for a text->binary converter. */
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary'; readonly bytes: Uint8Array }
  /** `(module quote ...)`: the text format itself is under test. */
  | { readonly kind: 'quote'; readonly text: string };

export interface ModuleDecl {
  readonly line: number;
  readonly id?: string;
  /** `(module definition ...)`: compiled but not instantiated. */
  readonly definition: boolean;
  readonly source: ModuleSource;
}

export type Action =
  | { readonly kind: 'invoke'; readonly line: number; readonly module?: string; readonly name: string; readonly args: readonly Value[] }
  | { readonly kind: 'get'; readonly line: number; readonly module?: string; readonly name: string };

interface Base { readonly line: number }

export type Command =
  | (Base & { readonly kind: 'module'; readonly module: ModuleDecl })
  | (Base & { readonly kind: 'module_instance'; readonly instance?: string; readonly definition: string })
  | (Base & { readonly kind: 'register'; readonly as: string; readonly module?: string })
  | (Base & { readonly kind: 'action'; readonly action: Action })
  | (Base & { readonly kind: 'assert_return'; readonly action: Action; readonly expected: readonly Pattern[] })
  | (Base & { readonly kind: 'assert_trap'; readonly action: Action; readonly message: string })
  | (Base & { readonly kind: 'assert_trap_module'; readonly module: ModuleDecl; readonly message: string })
  | (Base & { readonly kind: 'assert_exhaustion'; readonly action: Action; readonly message: string })
  | (Base & { readonly kind: 'assert_exception'; readonly action: Action })
  | (Base & {
      readonly kind: 'assert_malformed' | 'assert_invalid' | 'assert_unlinkable' | 'assert_uninstantiable'
        | 'assert_malformed_custom' | 'assert_invalid_custom';
      readonly module: ModuleDecl;
      readonly message: string;
    })
  | (Base & { readonly kind: 'thread' | 'wait'; readonly name?: string })
  /** A command the model could not parse (reported as a failure: runner or test-data bug). */
  | (Base & { readonly kind: 'bad'; readonly head: string; readonly error: string });

export type CommandKind = Command['kind'];

export class WastSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(`${message} (line ${line})`);
    this.name = 'WastSyntaxError';
  }
}

const COMMAND_HEADS = new Set([
  'module', 'register', 'invoke', 'get', 'assert_return', 'assert_trap', 'assert_exhaustion', 'assert_exception',
  'assert_malformed', 'assert_invalid', 'assert_unlinkable', 'assert_uninstantiable', 'assert_malformed_custom',
  'assert_invalid_custom', 'thread', 'wait', 'input', 'output', 'script', 'assert_return_canonical_nan',
  'assert_return_arithmetic_nan',
]);

function fail(msg: string, line: number): never {
  throw new WastSyntaxError(msg, line);
}

function concatStrings(nodes: readonly SNode[], line: number): Uint8Array {
  const parts = nodes.map((n) => {
    if (n.kind !== 'string') fail('expected a string', n.line ?? line);
    return (n as StringNode).bytes;
  });
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Parses `(module ...)` (possibly annotated, with `definition`, `$id`, `binary`, `quote`). */
function parseModule(node: ListNode, src: string): ModuleDecl {
  const items = plainItems(node);
  if (!isAtom(items[0], 'module')) fail('expected (module ...)', node.line);
  let i = 1;
  let definition = false;
  let defToken: SNode | undefined;
  if (isAtom(items[i], 'definition')) {
    definition = true;
    defToken = items[i];
    i++;
  }
  let id: string | undefined;
  const maybeId = items[i];
  if (isAtom(maybeId) && maybeId.text.startsWith('$')) {
    id = idName(maybeId);
    i++;
  }
  const line = node.line;
  const base = id === undefined ? { line, definition } : { line, definition, id };
  if (isAtom(items[i], 'binary')) {
    return { ...base, source: { kind: 'binary', bytes: concatStrings(items.slice(i + 1), line) } };
  }
  if (isAtom(items[i], 'quote')) {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(concatStrings(items.slice(i + 1), line));
    return { ...base, source: { kind: 'quote', text } };
  }
  // Text module: its own source text, minus the `definition` keyword.
  const text = defToken
    ? src.slice(node.start, defToken.start) + src.slice(defToken.end, node.end)
    : src.slice(node.start, node.end);
  return { ...base, source: { kind: 'text', text } };
}

function moduleRef(n: SNode | undefined): string | undefined {
  return isAtom(n) && n.text.startsWith('$') ? idName(n) : undefined;
}

function stringValue(n: SNode | undefined, line: number, what: string): string {
  if (!n || n.kind !== 'string') fail(`expected ${what} string`, line);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode((n as StringNode).bytes);
}

function parseAction(node: SNode | undefined, line: number): Action {
  if (!isList(node)) fail('expected an action', line);
  const items = plainItems(node);
  const head = isAtom(items[0]) ? items[0].text : '';
  let i = 1;
  const module = moduleRef(items[i]);
  if (module !== undefined) i++;
  const name = stringValue(items[i], node.line, 'export name');
  i++;
  const withModule = module === undefined ? {} : { module };
  if (head === 'invoke') {
    return { kind: 'invoke', line: node.line, ...withModule, name, args: items.slice(i).map(parseArg) };
  }
  if (head === 'get') {
    if (i !== items.length) fail('get takes no arguments', node.line);
    return { kind: 'get', line: node.line, ...withModule, name };
  }
  return fail(`unknown action ${head}`, node.line);
}

function isModuleForm(n: SNode | undefined): n is ListNode {
  return isList(n) && headOf(n) === 'module';
}

function parseCommand(node: ListNode, src: string): Command {
  const items = plainItems(node);
  const head = headOf(node) ?? '';
  const line = node.line;
  switch (head) {
    case 'module': {
      if (isAtom(items[1], 'instance')) {
        // (module instance $I? $M)
        const ids = items.slice(2).map(moduleRef);
        if (ids.length < 1 || ids.length > 2 || ids.some((i) => i === undefined)) fail('module instance needs ids: (module instance $I? $M)', line);
        const definition = ids[ids.length - 1]!;
        const instance = ids.length === 2 ? ids[0] : undefined;
        return instance === undefined ? { kind: 'module_instance', line, definition } : { kind: 'module_instance', line, instance, definition };
      }
      return { kind: 'module', line, module: parseModule(node, src) };
    }
    case 'register': {
      const as = stringValue(items[1], line, 'registration name');
      const module = moduleRef(items[2]);
      return module === undefined ? { kind: 'register', line, as } : { kind: 'register', line, as, module };
    }
    case 'invoke':
    case 'get':
      return { kind: 'action', line, action: parseAction(node, line) };
    case 'assert_return':
      return { kind: 'assert_return', line, action: parseAction(items[1], line), expected: items.slice(2).map(parseResult) };
    case 'assert_trap': {
      const message = stringValue(items[2], line, 'failure message');
      if (isModuleForm(items[1])) return { kind: 'assert_trap_module', line, module: parseModule(items[1], src), message };
      return { kind: 'assert_trap', line, action: parseAction(items[1], line), message };
    }
    case 'assert_exhaustion':
      return { kind: 'assert_exhaustion', line, action: parseAction(items[1], line), message: stringValue(items[2], line, 'failure message') };
    case 'assert_exception':
      return { kind: 'assert_exception', line, action: parseAction(items[1], line) };
    case 'assert_malformed':
    case 'assert_invalid':
    case 'assert_unlinkable':
    case 'assert_uninstantiable':
    case 'assert_malformed_custom':
    case 'assert_invalid_custom': {
      if (!isModuleForm(items[1])) fail(`${head} needs a module`, line);
      return { kind: head, line, module: parseModule(items[1], src), message: stringValue(items[2], line, 'failure message') };
    }
    case 'thread':
    case 'wait': {
      const name = moduleRef(items[1]);
      return name === undefined ? { kind: head, line } : { kind: head, line, name };
    }
    default:
      return { kind: 'bad', line, head, error: `unknown command ${head || '(annotation or non-keyword)'}` };
  }
}

export interface Script {
  readonly commands: readonly Command[];
}

/**
 * Parses a .wast script. A file that is not a script (its first form is no
 * command, like inline-module.wast) is an inline module: one module command.
 * Throws SExprSyntaxError for lexical/structural errors; per-command errors
 * become `bad` commands.
 */
export function parseWast(src: string): Script {
  const forms = parseSExprs(src);
  const first = forms[0];
  if (first && !(isList(first) && COMMAND_HEADS.has(headOf(first) ?? ''))) {
    return {
      commands: [{ kind: 'module', line: first.line, module: { line: first.line, definition: false, source: { kind: 'text', text: `(module\n${src}\n)` } } }],
    };
  }
  const commands: Command[] = [];
  for (const f of forms) {
    if (!isList(f)) {
      commands.push({ kind: 'bad', line: f.line, head: '', error: 'expected a command' });
      continue;
    }
    try {
      commands.push(parseCommand(f, src));
    } catch (e) {
      if (e instanceof WastSyntaxError || e instanceof ValueSyntaxError || e instanceof SExprSyntaxError) {
        commands.push({ kind: 'bad', line: f.line, head: headOf(f) ?? '', error: e.message });
      } else {
        throw e;
      }
    }
  }
  return { commands };
}
