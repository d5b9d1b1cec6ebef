// A printer for the register code of translate.ts (debugging and tests): one instruction per
// line with its operands. Register operands print as slot numbers (rN), others as numbers.

import { Op } from './interp.js';

/** Operand count of each IR op (BrTable: 2 + its target count, handled apart). */
function arity(op: Op): number {
  switch (op) {
    case Op.Unreachable: case Op.Nop: case Op.Return: return 0;
    case Op.Tick: case Op.Br: case Op.RefNull: case Op.DataDrop: case Op.ElemDrop: case Op.ThrowRef: case Op.Unsupported: return 1;
    case Op.Const64: case Op.MemoryGrow: case Op.TableGet: case Op.TableSet: case Op.MemGrowG: return 3;
    case Op.Select32: case Op.Select64: case Op.SelectRef: case Op.CallIndirect: case Op.ReturnCallIndirect:
    case Op.MemoryFill: case Op.TableGrow: case Op.TableFill: return 4;
    case Op.MemoryCopy: case Op.MemoryInit: case Op.TableCopy: case Op.TableInit: return 5;
    case Op.MemLoadG: case Op.MemStoreG: case Op.MemBulkG: return 6;
    case Op.I64Add128: case Op.I64Sub128: return 5;
    case Op.AtomicG: return 8;
  }
  const name = Op[op] ?? '';
  if (/BrIf$/.test(name) && name !== 'BrIf') return name.startsWith('I32Eqz') ? 2 : 3;
  if (/BrIfZ$/.test(name) && name !== 'BrIfZ') return 2;
  if (/Imm$/.test(name)) return 3;
  if (/AI$/.test(name)) return 4;
  if (/(Load|Store)/.test(name)) return 3;
  if (/^(BrIf|BrIfZ|Copy32|Copy64|CopyRef|Const32|RefFunc|RefIsNull|RefAsNonNull|GlobalGet|GlobalSet|MemorySize|TableSize|MemSizeG|Call|CallRef|ReturnCall|ReturnCallRef|Throw)/.test(name)) return 2;
  // Numeric: unary [d, a] or binary [d, a, b].
  if (/(Eqz|Clz|Ctz|Popcnt|Abs|Neg|Ceil|Floor|Trunc|Nearest|Sqrt|Wrap|Extend|Convert|Demote|Promote)/.test(name)) return 2;
  return 3;
}

export function disassemble(code: Int32Array): string {
  const out: string[] = [];
  let pc = 0;
  while (pc < code.length) {
    const op = code[pc]! as Op;
    const n = op === Op.BrTable ? 3 + code[pc + 2]! : arity(op);
    const args = Array.from(code.subarray(pc + 1, pc + 1 + n));
    out.push(`${String(pc).padStart(5)}  ${Op[op] ?? `?${op}`} ${args.join(' ')}`);
    pc += 1 + n;
  }
  return out.join('\n');
}
