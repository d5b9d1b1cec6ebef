// Component decoder: bytes → ComponentAst. Spec: component-model design/mvp/Binary.md
// §"Component Definitions" (`component ::= preamble section*`, the 13 section ids) and the
// sections' productions (see the helpers' files). The decoder rejects exactly what is malformed —
// what wasm-tools' reader rejects, with its wording — and leaves well-formed but invalid input to
// component/valid. Every error is a CompileError carrying the absolute byte offset.
//
// Core modules are checked to be well-formed core modules (core/binary/decode.ts) and kept as
// byte ranges. The `component-name` section, which never makes a component malformed, is decoded
// on first use of the AST's `names`. Nested components recurse, bounded by MAX_NESTING.

import { decodeModule } from '../../core/binary/decode.js';
import type { Reader } from '../../core/binary/reader.js';
import { CompileError } from '../../core/errors.js';
import { DEFAULT_FEATURES, makeFeatures, type Feature, type FeatureSet } from '../../core/features.js';
import type { Module } from '../../core/module.js';
import type {
  ComponentAst, CoreInlineExport, CoreInstanceDef, CoreInstantiateArg, CustomSectionAst, Definition,
  InlineExport, InstanceDef, InstantiateArg, ComponentNames, StartDef, ValueDef,
} from './ast.js';
import { readAlias } from './alias.js';
import { readCanon } from './canon.js';
import { readCoreDefType } from './core-types.js';
import { readExternName } from './extern-name.js';
import { decodeComponentNames } from './name-section.js';
import {
  EOF, componentReader, coreExternalKind, invalidLeadingByte, readComponentExternalKind, readCount,
  readSize, readString, readValType, readVec,
} from './reader.js';
import { MAX_NESTING, readDefType, readExport, readImport } from './types.js';

/** The preamble's version and layer fields for components (Binary.md: 0x0d 0x00, 0x01 0x00). */
export const COMPONENT_VERSION = 0x0d;
export const COMPONENT_LAYER = 1;

const MAGIC = [0x00, 0x61, 0x73, 0x6d] as const;

/**
 * The core features a component's core modules get by default (wasm-tools' defaults: all but
 * custom-page-sizes and legacy exceptions); component/valid/features.ts resolves to these.
 */
export const COMPONENT_CORE_OVERRIDES: Readonly<Partial<Record<Feature, boolean>>> = Object.freeze({
  'custom-page-sizes': false,
  'legacy-exceptions': false,
});
export const COMPONENT_CORE_FEATURES: FeatureSet = makeFeatures(COMPONENT_CORE_OVERRIDES);

/** Core decoder messages (the core spec's wording) as wasm-tools words them inside a component. */
const CORE_WORDING: Record<string, string> = {
  'unexpected content after last section': 'section out of order',
  'unexpected end': EOF,
  'unexpected end of section or function': EOF,
};

// wasmparser's limits.
const MAX_INSTANTIATION_ARGS = 100_000;
const MAX_INSTANTIATION_EXPORTS = 100_000;
const MAX_START_ARGS = 1000;
const MAX_START_RESULTS = 1000;

/**
 * Does `bytes` hold a component rather than a core module? Decided by the preamble's `layer`
 * field (bytes 6..7: 0x01 0x00 for components, 0x00 0x00 for core modules) after the magic.
 */
export function isComponent(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && hasMagic(bytes, 0) && bytes[6] === COMPONENT_LAYER && bytes[7] === 0;
}

function hasMagic(b: Uint8Array, at: number): boolean {
  return b[at] === MAGIC[0] && b[at + 1] === MAGIC[1] && b[at + 2] === MAGIC[2] && b[at + 3] === MAGIC[3];
}

/** Decodes a component binary; throws CompileError (with the absolute offset) if it is malformed. */
export function decodeComponent(bytes: Uint8Array): ComponentAst {
  try {
    return new ComponentDecoder(bytes).component(0, bytes.length, 0);
  } catch (e) {
    // A backstop: the nesting limits keep recursion shallow, but never leak a host stack overflow.
    if (e instanceof RangeError) throw new CompileError('component nesting is too deep', 0);
    throw e;
  }
}

class ComponentDecoder {
  constructor(private readonly bytes: Uint8Array) {}

  /** The component in [start, end); `depth` 0 for the outermost one. */
  component(start: number, end: number, depth: number): ComponentAst {
    const r = componentReader(this.bytes, start, end);
    const version = this.preamble(r, depth > 0);
    const definitions: Definition[] = [];
    const customs: CustomSectionAst[] = [];
    let namesAt: CustomSectionAst | undefined;
    let sawStart = false;
    while (r.pos < end) {
      const idAt = r.pos;
      if (end - idAt >= 4 && hasMagic(this.bytes, idAt)) r.fail('expected section, got wasm magic number', idAt);
      const id = r.u8();
      if (id & 0x80) r.fail('malformed section id', idAt);
      const lenAt = r.pos;
      const len = r.u32();
      const sStart = r.pos;
      if (len > end - sStart) {
        // Outermost: the section runs off the input; nested: it runs out of its enclosing section.
        if (depth === 0) r.fail(EOF, end);
        r.fail(`section too large, ${len} goes past 0x${end.toString(16)}`, lenAt);
      }
      const sEnd = sStart + len;
      const s = componentReader(this.bytes, sStart, sEnd);
      switch (id) {
        case 0: {
          const custom = this.custom(s, idAt, sEnd);
          customs.push(custom);
          if (custom.name === 'component-name' && namesAt === undefined) namesAt = custom;
          break;
        }
        case 1: {
          const [module, moduleFeatures] = this.coreModule(sStart, sEnd);
          definitions.push({ kind: 'core-module', offset: sStart, bytes: this.bytes.subarray(sStart, sEnd), module, moduleFeatures });
          break;
        }
        case 2: this.vec(s, definitions, (rr) => coreInstance(rr)); break;
        case 3: this.vec(s, definitions, (rr) => ({ kind: 'core-type', offset: rr.pos, type: readCoreDefType(rr) })); break;
        case 4:
          if (depth + 1 >= MAX_NESTING) r.fail('component nesting is too deep', sStart);
          definitions.push({ kind: 'component', offset: sStart, component: this.component(sStart, sEnd, depth + 1) });
          break;
        case 5: this.vec(s, definitions, (rr) => instance(rr)); break;
        case 6: this.vec(s, definitions, (rr) => readAlias(rr)); break;
        case 7: this.vec(s, definitions, (rr) => ({ kind: 'type', offset: rr.pos, type: readDefType(rr, 0) })); break;
        case 8: this.vec(s, definitions, (rr) => ({ kind: 'canon', offset: rr.pos, canon: readCanon(rr) })); break;
        case 9:
          if (sawStart) r.fail('component cannot have more than one start function', sStart);
          sawStart = true;
          definitions.push(readStart(s));
          if (!s.eof()) s.fail('unexpected content in the component start section');
          break;
        case 10: this.vec(s, definitions, readImport); break;
        case 11: this.vec(s, definitions, readExport); break;
        case 12: this.vec(s, definitions, value); break;
        default:
          r.fail(`malformed section id: ${id}`, idAt);
      }
      r.pos = sEnd;
    }
    // The names are decoded on first use (nothing at compile time needs them); null: not yet.
    const bytes = this.bytes;
    let names: ComponentNames | undefined | null = namesAt === undefined ? undefined : null;
    return {
      offset: start, end, version, definitions, customs,
      get names(): ComponentNames | undefined {
        if (names === null) names = decodeComponentNames(bytes, namesAt!.start, namesAt!.end);
        return names;
      },
      depth,
    };
  }

  /** Checks the 8-byte preamble of a component; returns its version. */
  private preamble(r: Reader, nested: boolean): number {
    const b = this.bytes;
    const at = r.pos;
    if (r.end - at < 4) r.fail(EOF, r.end);
    if (!hasMagic(b, at)) r.fail('magic header not detected: bad magic number', at);
    if (r.end - at < 8) r.fail(EOF, r.end);
    const version = b[at + 4]! | (b[at + 5]! << 8);
    const layer = b[at + 6]! | (b[at + 7]! << 8);
    r.pos = at + 8;
    if (version === COMPONENT_VERSION && layer === COMPONENT_LAYER) return version;
    if (version === 1 && layer === 0) r.fail('expected a version header for a component', at);
    const hex = (layer * 0x10000 + version).toString(16).padStart(8, '0');
    return r.fail(`unknown binary version: 0x${hex}`, at + 4);
  }

  /** A section holding `vec(item)`: every item is pushed; the items must fill the section. */
  private vec(s: Reader, out: Definition[], item: (r: Reader) => Definition): void {
    const n = readCount(s, 0xffffffff, 'section');
    for (let i = 0; i < n; i++) out.push(item(s));
    if (!s.eof()) s.fail('section size mismatch: unexpected data at the end of the section');
  }

  private custom(s: Reader, offset: number, end: number): CustomSectionAst {
    const name = readString(s);
    return { name, offset, start: s.pos, end, bytes: this.bytes.subarray(s.pos, end) };
  }

  /**
   * A core module section: its preamble must be a core module's, and the module well formed with
   * all core features on. Decoded with COMPONENT_CORE_FEATURES first, so that the validator
   * (which decodes with the features it validates with) can reuse the result; every feature
   * gate of the core decoder only rejects, so a module that decodes under them decodes the same
   * with all features on, and one that does not is decoded again with all features on to decide.
   */
  private coreModule(start: number, end: number): [Module, FeatureSet] {
    const b = this.bytes;
    if (end - start >= 8 && hasMagic(b, start) && b[start + 4] === COMPONENT_VERSION && b[start + 5] === 0
      && b[start + 6] === COMPONENT_LAYER && b[start + 7] === 0) {
      throw new CompileError('expected a version header for a module', start);
    }
    const bytes = b.subarray(start, end);
    try {
      return [decodeModule(bytes, COMPONENT_CORE_FEATURES), COMPONENT_CORE_FEATURES];
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
    }
    try {
      return [decodeModule(bytes, DEFAULT_FEATURES), DEFAULT_FEATURES];
    } catch (e) {
      if (e instanceof CompileError) throw new CompileError(CORE_WORDING[e.reason] ?? e.reason, e.offset >= 0 ? e.offset + start : start);
      throw e;
    }
  }
}

function coreInstance(r: Reader): CoreInstanceDef {
  const offset = r.pos;
  const b = r.u8();
  if (b === 0x00) {
    const module = r.u32();
    const args = readVec(r, MAX_INSTANTIATION_ARGS, 'core instantiation arguments', coreInstantiateArg);
    return { kind: 'core-instance', offset, expr: { kind: 'instantiate', module, args } };
  }
  if (b === 0x01) {
    const exports = readVec(r, MAX_INSTANTIATION_ARGS, 'core instantiation arguments', coreInlineExport);
    return { kind: 'core-instance', offset, expr: { kind: 'exports', exports } };
  }
  return invalidLeadingByte(r, b, 'core instance');
}

function coreInstantiateArg(r: Reader): CoreInstantiateArg {
  const offset = r.pos;
  const name = readString(r);
  const k = r.u8();
  if (k !== 0x12) invalidLeadingByte(r, k, 'instantiation arg kind');
  return { offset, name, instance: r.u32() };
}

function coreInlineExport(r: Reader): CoreInlineExport {
  const offset = r.pos;
  const name = readString(r);
  const at = r.pos;
  const sort = coreExternalKind(r, r.u8(), at);
  return { offset, name, sort, index: r.u32() };
}

function instance(r: Reader): InstanceDef {
  const offset = r.pos;
  const b = r.u8();
  if (b === 0x00) {
    const component = r.u32();
    const args = readVec(r, MAX_INSTANTIATION_ARGS, 'instantiation arguments', instantiateArg);
    return { kind: 'instance', offset, expr: { kind: 'instantiate', component, args } };
  }
  if (b === 0x01) {
    const n = readSize(r, MAX_INSTANTIATION_EXPORTS, 'instantiation exports');
    if (n > r.end - r.pos) r.fail(EOF, r.end);
    const exports: InlineExport[] = [];
    for (let i = 0; i < n; i++) exports.push(inlineExport(r));
    return { kind: 'instance', offset, expr: { kind: 'exports', exports } };
  }
  return invalidLeadingByte(r, b, 'instance');
}

function instantiateArg(r: Reader): InstantiateArg {
  const offset = r.pos;
  const name = readString(r);
  const sort = readComponentExternalKind(r);
  return { offset, name, sort, index: r.u32() };
}

function inlineExport(r: Reader): InlineExport {
  const offset = r.pos;
  const name = readExternName(r);
  const sort = readComponentExternalKind(r);
  return { offset, name, sort, index: r.u32() };
}

/** 🪙 `start ::= f:<funcidx> arg*:vec(<valueidx>) r:<u32>`. */
function readStart(r: Reader): StartDef {
  const offset = r.pos;
  const func = r.u32();
  const args = readVec(r, MAX_START_ARGS, 'start function arguments', (rr) => rr.u32());
  const results = readSize(r, MAX_START_RESULTS, 'start function results');
  return { kind: 'start', offset, func, args, results };
}

/** 🪙 `value ::= t:<valtype> len:<u32> v:<val(t)>`: the value's bytes are kept for value.ts. */
function value(r: Reader): ValueDef {
  const offset = r.pos;
  const type = readValType(r);
  const len = r.u32();
  const bytesOffset = r.pos;
  return { kind: 'value', offset, type, bytes: r.bytesView(len), bytesOffset };
}
