// Composition of two components: the provider's exports are plugged into the consumer's imports
// of the same name, as `wasm-tools compose` and `wac plug` do. Spec: component-model
// design/mvp/Explainer.md §"Component Definitions" (nested components), §"Instance Definitions"
// (`instantiate` with `with` arguments), §"Alias Definitions" (`alias export`), §"Import and
// Export Definitions"; the encoding is Binary.md's (encode.ts, writer.ts).
//
// The composed component:
//   1. imports what the provider imports, and what the consumer imports that the provider does
//      not export — each name once (when both import a name, the import's type is the side's
//      whose type offers at least everything the other's does); each import is copied with the
//      type definitions and type aliases it needs (deps.ts), re-indexed;
//   2. embeds both components byte for byte (one component section each);
//   3. instantiates the provider with its imports;
//   4. aliases the provider's exports the consumer needs, and instantiates the consumer with
//      them and with the remaining imports;
//   5. aliases and re-exports every export of the consumer, under the same names.
// Definitions are emitted in dependency order (a copied definition after what it refers to), so
// a consumer type that aliases a type out of a plugged import is written after the provider's
// instance it now comes from.
//
// The result is validated before it is returned: a consumer import whose type the provider's
// export does not satisfy is reported then, with the validator's reason.

import { CompileError, LinkError } from '../../core/errors.js';
import type { ComponentFeatures, ExternDesc } from '../api.js';
import type { Definition, ExternName, ImportDef, Sort } from '../binary/ast.js';
import { decodeComponent } from '../binary/decode.js';
import { validateComponent, type Space, type ValidatedComponent } from '../valid/index.js';
import { definers, refKey, references } from './deps.js';
import { plainName, writeAlias, writeExport, writeImport, writeInstantiate, writeTypeDef, type Remap, type SortIndex } from './encode.js';
import { ByteWriter } from './writer.js';

export interface ComposeOptions {
  /** Features to validate the inputs and the result with (as compileComponent's). */
  readonly features?: ComponentFeatures;
}

type SideName = 'consumer' | 'provider';

/** One input component. */
interface Side {
  readonly name: SideName;
  readonly bytes: Uint8Array;
  readonly vc: ValidatedComponent;
  readonly defs: readonly Definition[];
  readonly definer: Map<string, number>;
  /** (space, index) of this component → index in the composed component. */
  readonly map: Map<string, number>;
}

/** Section ids (Binary.md §"Component Definitions"). */
const SECTION = { component: 4, instance: 5, alias: 6, type: 7, import: 10, export: 11 } as const;

const PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

function load(name: SideName, bytes: Uint8Array, features: ComponentFeatures | undefined): Side {
  let vc: ValidatedComponent;
  try {
    vc = validateComponent(decodeComponent(bytes), features);
  } catch (e) {
    if (e instanceof CompileError) throw new CompileError(`compose: the ${name} is not a valid component: ${e.reason}`, e.offset);
    throw e;
  }
  return { name, bytes, vc, defs: vc.ast.definitions, definer: definers(vc), map: new Map() };
}

const importName = (d: ImportDef): string => d.name.name;
const spaceOfExtern = (d: ImportDef): Space => (d.type.kind === 'module' ? 'core module' : d.type.kind);

/** Whether a value of type `a` offers everything `b` asks for, by export names (instances) or kind. */
function covers(a: ExternDesc, b: ExternDesc): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'instance' && b.kind === 'instance') {
    for (const name of b.exports.keys()) if (!a.exports.has(name)) return false;
  }
  return true;
}

class Composer {
  private readonly out: Array<{ id: number; bytes: Uint8Array }> = [];
  private readonly counts = new Map<Space, number>();
  private readonly emitted = new Set<string>();
  private readonly visiting = new Set<string>();
  /** Consumer import index → the provider export that satisfies it. */
  private readonly plugged = new Map<number, string>();
  /** Import name → the side whose import the composed component uses. */
  private readonly owner = new Map<string, SideName>();
  private providerInstance = -1;
  private consumerComponent = -1;
  private providerComponent = -1;

  constructor(
    private readonly consumer: Side,
    private readonly provider: Side,
  ) {}

  compose(): Uint8Array {
    this.match();
    // Both components first: they are self-contained (a top-level component has no outer aliases).
    this.providerComponent = this.emitComponent(this.provider);
    this.consumerComponent = this.emitComponent(this.consumer);
    this.emitProviderInstance();
    const consumerInstance = this.emitConsumerInstance();
    this.emitExports(consumerInstance);

    const w = new ByteWriter().bytes(PREAMBLE);
    let i = 0;
    while (i < this.out.length) {
      const { id } = this.out[i]!;
      if (id === SECTION.component) {
        w.section(id, this.out[i++]!.bytes);
        continue;
      }
      // Consecutive entries of one kind share a section: vec(entries).
      const entries: Uint8Array[] = [];
      while (i < this.out.length && this.out[i]!.id === id) entries.push(this.out[i++]!.bytes);
      const body = new ByteWriter().u32(entries.length);
      for (const e of entries) body.bytes(e);
      w.section(id, body.finish());
    }
    return w.finish();
  }

  /** Decides which consumer imports the provider satisfies and who owns shared imports. */
  private match(): void {
    const { consumer, provider } = this;
    const providerImports = new Map<string, number>();
    provider.defs.forEach((d, i) => {
      if (d.kind === 'import') providerImports.set(importName(d), i);
    });
    consumer.defs.forEach((d, i) => {
      if (d.kind !== 'import') return;
      const name = importName(d);
      const wanted = consumer.vc.imports.get(name)!;
      const offered = provider.vc.exports.get(name);
      if (offered !== undefined) {
        if (offered.kind !== wanted.kind) {
          throw new LinkError(`compose: the consumer imports "${name}" as a ${wanted.kind}, but the provider exports it as a ${offered.kind}`);
        }
        this.plugged.set(i, name);
        return;
      }
      if (!providerImports.has(name)) return;
      const theirs = provider.vc.imports.get(name)!;
      if (covers(theirs, wanted)) this.owner.set(name, 'provider');
      else if (covers(wanted, theirs)) this.owner.set(name, 'consumer');
      else throw new LinkError(`compose: both components import "${name}", with types neither of which offers all the other needs`);
    });
    if (this.plugged.size === 0) {
      const wants = [...consumer.vc.imports.keys()];
      const has = [...provider.vc.exports.keys()];
      throw new LinkError(
        `compose: the provider exports nothing the consumer imports (consumer imports: ${wants.join(', ') || 'none'}; provider exports: ${has.join(', ') || 'none'})`,
      );
    }
  }

  private add(space: Space): number {
    const n = this.counts.get(space) ?? 0;
    this.counts.set(space, n + 1);
    return n;
  }

  private push(id: number, write: (w: ByteWriter) => void): void {
    const w = new ByteWriter();
    write(w);
    this.out.push({ id, bytes: w.finish() });
  }

  private emitComponent(side: Side): number {
    this.out.push({ id: SECTION.component, bytes: side.bytes });
    return this.add('component');
  }

  private remapFor(side: Side, what: () => string): Remap {
    return (space, index) => {
      const to = side.map.get(refKey(space, index));
      if (to === undefined) throw new LinkError(`compose: ${what()} refers to ${space} ${index} of the ${side.name}, which was not copied`);
      return to;
    };
  }

  /** Emits definition `i` of `side` after everything it depends on (post-order, memoised). */
  private require(side: Side, i: number): void {
    const key = `${side.name}:${i}`;
    if (this.emitted.has(key)) return;
    const def = side.defs[i]!;
    const what = () => `definition ${i} of the ${side.name}`;
    if (this.visiting.has(key)) throw new LinkError(`compose: ${what()} depends on itself through the composition`);
    this.visiting.add(key);
    const added = side.vc.defs[i]!.added;

    if (def.kind === 'import' && side === this.consumer && this.plugged.has(i)) {
      // Plugged: the provider's export, aliased out of its instance.
      this.emitProviderInstance();
      const space = spaceOfExtern(def);
      const name = this.plugged.get(i)!;
      this.push(SECTION.alias, (w) =>
        writeAlias(w, { kind: 'alias', offset: 0, sort: space as Sort, target: { kind: 'export', instance: this.providerInstance, name } }, (_s, x) => x));
      this.bind(side, added, this.add(space));
    } else if (def.kind === 'import' && this.owner.has(importName(def)) && this.owner.get(importName(def)) !== side.name) {
      // Shared, and the other side's import is the one the composed component has.
      const other = side === this.consumer ? this.provider : this.consumer;
      const j = other.defs.findIndex((d) => d.kind === 'import' && importName(d) === importName(def));
      this.require(other, j);
      const space = spaceOfExtern(def);
      const to = other.map.get(refKey(space, other.vc.defs[j]!.added[0]!.index))!;
      for (const a of added) side.map.set(refKey(a.space, a.index), to);
    } else {
      for (const ref of references(def, what)) {
        const from = side.definer.get(refKey(ref.space, ref.index));
        if (from === undefined) throw new LinkError(`compose: ${what()} refers to an unknown ${ref.space} ${ref.index}`);
        this.require(side, from);
      }
      const remap = this.remapFor(side, what);
      switch (def.kind) {
        case 'type': this.push(SECTION.type, (w) => writeTypeDef(w, def.type, remap)); break;
        case 'import': this.push(SECTION.import, (w) => writeImport(w, def, remap)); break;
        case 'alias': this.push(SECTION.alias, (w) => writeAlias(w, def, remap)); break;
        default: throw new LinkError(`compose: ${what()} cannot be copied`);
      }
      const copies = added.map((a) => this.add(a.space));
      added.forEach((a, k) => side.map.set(refKey(a.space, a.index), copies[k]!));
    }
    this.visiting.delete(key);
    this.emitted.add(key);
  }

  private bind(side: Side, added: readonly { space: Space; index: number }[], to: number): void {
    for (const a of added) side.map.set(refKey(a.space, a.index), to);
  }

  /** The imports of `side` as instantiation arguments, each emitted first if need be. */
  private importArgs(side: Side): Array<{ name: string } & SortIndex> {
    const args: Array<{ name: string } & SortIndex> = [];
    side.defs.forEach((d, i) => {
      if (d.kind !== 'import') return;
      this.require(side, i);
      const space = spaceOfExtern(d);
      const own = side.vc.defs[i]!.added[0]!;
      args.push({ name: importName(d), sort: space as Sort, index: side.map.get(refKey(own.space, own.index))! });
    });
    return args;
  }

  private emitProviderInstance(): void {
    if (this.providerInstance >= 0) return;
    const key = 'provider-instance';
    if (this.visiting.has(key)) throw new LinkError('compose: the provider needs an import that depends on its own exports');
    this.visiting.add(key);
    const args = this.importArgs(this.provider);
    this.push(SECTION.instance, (w) => writeInstantiate(w, this.providerComponent, args));
    this.providerInstance = this.add('instance');
    this.visiting.delete(key);
  }

  private emitConsumerInstance(): number {
    const args = this.importArgs(this.consumer);
    this.push(SECTION.instance, (w) => writeInstantiate(w, this.consumerComponent, args));
    return this.add('instance');
  }

  private emitExports(instance: number): void {
    for (const d of this.consumer.defs) {
      if (d.kind !== 'export') continue;
      const sort = d.sort;
      const space = sort as Space;
      this.push(SECTION.alias, (w) =>
        writeAlias(w, { kind: 'alias', offset: 0, sort, target: { kind: 'export', instance, name: d.name.name } }, (_s, x) => x));
      const index = this.add(space);
      const name: ExternName = d.name.form === 2 ? d.name : plainName(d.name.name);
      this.push(SECTION.export, (w) => writeExport(w, name, { sort, index }));
      this.add(space); // an export introduces a new index too
    }
  }
}

/**
 * Plugs `providerBytes`' exports into `consumerBytes`' imports of the same names and returns the
 * composed component's binary (see the file header). Throws CompileError for an input that is not
 * a valid component, LinkError when nothing can be plugged or the types do not fit.
 */
export function composeComponents(consumerBytes: Uint8Array, providerBytes: Uint8Array, options: ComposeOptions = {}): Uint8Array {
  const consumer = load('consumer', consumerBytes, options.features);
  const provider = load('provider', providerBytes, options.features);
  const bytes = new Composer(consumer, provider).compose();
  try {
    validateComponent(decodeComponent(bytes), options.features);
  } catch (e) {
    if (e instanceof CompileError) throw new LinkError(`compose: the components do not fit together: ${e.reason.replace(/\n/g, ': ')}`);
    throw e;
  }
  return bytes;
}
