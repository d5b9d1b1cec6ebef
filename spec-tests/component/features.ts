// Feature flags of the component test files.
//
// wasm-tools' test files start with harness directives such as
//   ;; RUN: wast --assert default --snapshot tests/snapshots % -f cm-async,cm-fixed-length-lists
//   ;; RUN: wast % --assert default --snapshot tests/snapshots \
//   ;;        -f=cm-async,-cm-more-async-builtins
//   ;; RUN: wast --features=-exceptions --assert default --snapshot tests/snapshots %
// `-f`/`--features` takes a comma-separated list applied on top of wasm-tools' defaults; a
// leading `-` disables. The CM repo's files have no directives: upstream runs them with
// wasmtime and a fixed set of component-model flags (see MANIFEST.txt next to the data).
//
// The result is the `features` option of compileComponent (src/component/api.ts
// ComponentFeatures): the flags it names get its property names, all other flags (cm-threading,
// cm64, core features such as gc or simd) keep wasm-tools' names. Every component flag is given
// explicitly, so the engine's own defaults do not matter.

import type { ComponentFeatures } from '../../src/component/api.js';

/** wasm-tools flag → ComponentFeatures property, where the API has its own name. */
const API_NAMES: Readonly<Record<string, string>> = {
  'cm-values': 'values',
  'cm-async': 'async',
  'cm-error-context': 'errorContext',
  'cm-fixed-length-lists': 'fixedLengthLists',
  'cm-map': 'map',
  'cm-nested-names': 'nestedNames',
  'cm-implements': 'implements',
};

/** Component flags of wasmparser and their defaults (wasmparser features.rs; cm-async is on). */
export const WASM_TOOLS_DEFAULTS: Readonly<Record<string, boolean>> = {
  'cm-values': false,
  'cm-nested-names': false,
  'cm-async': true,
  'cm-async-stackful': false,
  'cm-more-async-builtins': false,
  'cm-threading': false,
  'cm-error-context': false,
  'cm-fixed-length-lists': false,
  'cm-gc': false,
  'cm-map': false,
  'cm64': false,
  'cm-implements': false,
  'cm-canon-names': false,
};

/** The CM repo's tests: `wasmtime wast -W component-model-{more-async-builtins,threading,async-stackful,implements,fixed-length-lists,map}`. */
export const CM_REPO_FLAGS: readonly string[] = [
  'cm-async', 'cm-more-async-builtins', 'cm-threading', 'cm-async-stackful', 'cm-implements', 'cm-fixed-length-lists', 'cm-map',
];

export interface Directive {
  /** The command line after `RUN:` (continuations joined). */
  readonly command: string;
  /** Feature changes in order: [flag, enabled]. */
  readonly changes: readonly (readonly [string, boolean])[];
  /** `WAST_STRICT_COMPONENT_INDICES=0`: legacy text syntax accepted (a text-parser matter only). */
  readonly lenientIndices: boolean;
}

/**
 * The first `;; RUN:` directive of a file (the `RUN[lenient]:` variant is a second run of the
 * same file with a text-parser setting; jco's parser always accepts the legacy syntax).
 */
export function parseRunDirective(src: string): Directive | undefined {
  const lines = src.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*;;\s*RUN:\s*(.*)$/.exec(lines[i]!);
    if (!m) continue;
    let command = m[1]!.trimEnd();
    while (command.endsWith('\\') && i + 1 < lines.length) {
      const next = /^\s*;;\s?(.*)$/.exec(lines[++i]!);
      if (!next) break;
      command = `${command.slice(0, -1).trimEnd()} ${next[1]!.trim()}`;
    }
    return { command, changes: featureChanges(command), lenientIndices: /\bWAST_STRICT_COMPONENT_INDICES=0\b/.test(command) };
  }
  return undefined;
}

/** The `-f X`, `-f=X`, `--features X`, `--features=X` lists of a command line, in order. */
export function featureChanges(command: string): [string, boolean][] {
  const words = command.split(/\s+/).filter(Boolean);
  const out: [string, boolean][] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let list: string | undefined;
    const eq = /^(?:-f|--features)=(.*)$/.exec(w);
    if (eq) list = eq[1];
    else if (w === '-f' || w === '--features') list = words[++i];
    if (list === undefined) continue;
    for (const item of list.split(',')) {
      const name = item.trim();
      if (!name) continue;
      out.push(name.startsWith('-') ? [name.slice(1), false] : [name, true]);
    }
  }
  return out;
}

/** Flags → the compileComponent features object. */
export function toComponentFeatures(flags: Readonly<Record<string, boolean>>): ComponentFeatures {
  const out: Record<string, boolean> = {};
  for (const [flag, on] of Object.entries(flags)) out[API_NAMES[flag] ?? flag] = on;
  return out;
}

export interface FileFeatures {
  /** wasm-tools flag names → enabled (component flags all present). */
  readonly flags: Readonly<Record<string, boolean>>;
  /** What compileComponent receives. */
  readonly features: ComponentFeatures;
  readonly directive?: Directive | undefined;
}

/** The features a suite-relative file is run with. */
export function featuresForFile(file: string, src: string): FileFeatures {
  const flags: Record<string, boolean> = { ...WASM_TOOLS_DEFAULTS };
  if (file.startsWith('WebAssembly-component-model/')) {
    for (const f of CM_REPO_FLAGS) flags[f] = true;
    return { flags, features: toComponentFeatures(flags) };
  }
  const directive = parseRunDirective(src);
  for (const [name, on] of directive?.changes ?? []) flags[name] = on;
  return { flags, features: toComponentFeatures(flags), directive };
}
