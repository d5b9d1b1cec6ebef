// The shape of one row of the opcode table (src/core/opcodes.def.ts and src/core/opcodes/*.def.ts).
// Spec: WebAssembly Core 3.0, §5.4 "Instructions" (binary encoding) and §3.3 (validation).
// Everything about operators that other code needs (op ids, names, decoder dispatch, the visitor
// interface, feature gating, fixed stack signatures) is generated from these rows by
// scripts/gen-opcodes.ts. Edit the table, then run `npm run gen`.

import type { Feature } from './features.js';

/** How an instruction's immediates are encoded after its opcode. */
export type Imm =
  | 'none'
  | 'blocktype' // block, loop, if, legacy try
  | 'label' // br, br_if, br_on_null, br_on_non_null, legacy rethrow/delegate
  | 'brtable' // vec(labelidx) labelidx
  | 'func' // funcidx: call, return_call, ref.func
  | 'callind' // typeidx tableidx: call_indirect, return_call_indirect
  | 'local' // localidx
  | 'global' // globalidx
  | 'table' // tableidx
  | 'tag' // tagidx: throw, legacy catch
  | 'type' // typeidx: call_ref, struct.new, array.new, ...
  | 'memarg' // align+flags (bit 6: memidx follows) [memidx] offset
  | 'memarg_lane' // memarg then a lane index byte
  | 'mem' // memidx: memory.size, memory.grow, memory.fill
  | 'i32' // s32
  | 'i64' // s64
  | 'f32' // 4 bytes little endian
  | 'f64' // 8 bytes little endian
  | 'v128' // 16 bytes
  | 'shuffle' // 16 lane index bytes
  | 'lane' // one lane index byte
  | 'select_t' // vec(valtype)
  | 'heaptype' // ref.null, ref.test, ref.cast
  | 'data' // dataidx: data.drop
  | 'elem' // elemidx: elem.drop
  | 'data_mem' // dataidx memidx: memory.init
  | 'mem_mem' // memidx memidx: memory.copy
  | 'elem_table' // elemidx tableidx: table.init
  | 'table_table' // tableidx tableidx: table.copy
  | 'type_field' // typeidx fieldidx: struct.get*, struct.set
  | 'type_type' // typeidx typeidx: array.copy
  | 'type_u32' // typeidx u32: array.new_fixed
  | 'type_data' // typeidx dataidx: array.new_data, array.init_data
  | 'type_elem' // typeidx elemidx: array.new_elem, array.init_elem
  | 'br_on_cast' // castflags labelidx heaptype heaptype
  | 'try_table' // blocktype vec(catch)
  | 'zero' // one reserved 0x00 byte: atomic.fence
  ;

export interface OpDef {
  /** The text-format name, e.g. "i32.add", "memory.atomic.notify". */
  name: string;
  /** Unique key when two rows share a text name (the typed `select`, `ref.test null`, ...). */
  key?: string;
  /** Prefix byte for multi-byte opcodes (the sub-opcode then follows as a u32 LEB128). */
  prefix?: 0xfb | 0xfc | 0xfd | 0xfe;
  /** The opcode byte, or the sub-opcode after the prefix. */
  code: number;
  imm: Imm;
  feature: Feature;
  /**
   * Fixed stack signature "params -> results" with types i32 i64 f32 f64 v128 funcref externref,
   * where `a` stands for the address type of the memory named by the instruction's memarg/memidx
   * (i32, or i64 for a 64-bit memory). Absent when typing depends on more than that (control,
   * locals, tables, references, GC): those the validator handles by name.
   */
  sig?: string;
  /** log2 of the access width in bytes, for instructions with a memarg (natural alignment). */
  align?: number;
  /** Number of lanes, for instructions with a lane index immediate. */
  lanes?: number;
  /** Instruction is only valid in a constant expression when this feature is on ('mvp' = always). */
  constant?: Feature;
}
