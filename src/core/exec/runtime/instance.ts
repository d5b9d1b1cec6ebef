// Module instances. Spec: WebAssembly Core 3.0 §4.2.6 "Module Instances": the runtime
// representation of a module, with its index spaces resolved to instances.

import type { Module } from '../../module.js';
import type { ExecLimits } from '../limits.js';
import type { FuncType } from '../../types.js';
import type { FuncInstance } from './func.js';
import type { GlobalInstance } from './global.js';
import type { MemoryInstance } from './memory.js';
import type { TableInstance } from './table.js';

export type ExternVal =
  | { readonly kind: 'func'; readonly value: FuncInstance }
  | { readonly kind: 'table'; readonly value: TableInstance }
  | { readonly kind: 'memory'; readonly value: MemoryInstance }
  | { readonly kind: 'global'; readonly value: GlobalInstance }
  | { readonly kind: 'tag'; readonly value: TagInstance };

export class TagInstance {
  readonly type: FuncType;
  /** Global id of the tag's function type (see type-ids.ts). */
  readonly typeId: number;
  constructor(type: FuncType, typeId: number) {
    this.type = type;
    this.typeId = typeId;
  }
}

export class ModuleInstance {
  readonly module: Module;
  readonly funcs: FuncInstance[] = [];
  readonly tables: TableInstance[] = [];
  readonly memories: MemoryInstance[] = [];
  readonly globals: GlobalInstance[] = [];
  readonly tags: TagInstance[] = [];
  /** Element segments (null once dropped), as reference values. */
  readonly elems: (unknown[] | null)[] = [];
  /** Data segments (null once dropped). */
  readonly datas: (Uint8Array | null)[] = [];
  readonly exports = new Map<string, ExternVal>();
  /** Type id of each type index that is a function type (for call_indirect). */
  readonly typeIds: number[] = [];
  /** Resource limits set at instantiation (limits.ts), if any. */
  limits: ExecLimits | undefined = undefined;
  constructor(module: Module) {
    this.module = module;
  }
}
