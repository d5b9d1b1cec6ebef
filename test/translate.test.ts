// The translator's register code, read through the disassembler: lazy local reads, results
// written straight into locals, and compare + branch fused, for a recursive fib.
import { parse } from '@bytecodealliance/jco';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../src/core/binary/decode.js';
import { disassemble } from '../src/core/exec/disasm.js';
import { instantiateModule } from '../src/core/exec/instantiate.js';
import type { WasmFunction } from '../src/core/exec/runtime/func.js';
import { translateFunction } from '../src/core/exec/translate.js';
import { main } from '../src/cli/main.js';

async function translated(wat: string): Promise<string> {
  const inst = instantiateModule(decodeModule(await parse(wat)), [], () => {});
  const f = inst.funcs[0] as WasmFunction;
  translateFunction(f);
  return disassemble(f.compiled!.code);
}

describe('translator', () => {
  it('fuses compare-with-constant and branch, and uses immediates', async () => {
    const code = await translated(`(module (func $fib (param i32) (result i32)
      (if (result i32) (i32.lt_s (local.get 0) (i32.const 2)) (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2))))))))`);
    expect(code).toMatch(/I32GeSImmBrIf 0 2 \d+/);
    expect(code).toMatch(/I32SubImm \d+ 0 1/);
    expect(code).not.toMatch(/Const32/);
    expect(code.split('\n').filter((l) => / Call /.test(l))).toHaveLength(2);
  });

  it('writes a result straight into the local that receives it', async () => {
    const code = await translated(`(module (func (param i32 i32) (result i32) (local i32)
      (local.set 2 (i32.add (local.get 0) (local.get 1))) (local.get 2)))`);
    expect(code).toMatch(/I32Add 4 0 2/);
  });
});

describe('cli', () => {
  it('validates a module and reports a bad one with its offset', () => {
    const log: string[] = [];
    const save = [console.log, console.error];
    console.log = (s: string) => log.push(s);
    console.error = (s: string) => log.push(s);
    try {
      expect(main(['validate', 'bench/kernels/fib.wasm'])).toBe(0);
      expect(main(['validate', 'package.json'])).toBe(1);
    } finally {
      [console.log, console.error] = save;
    }
    expect(log[0]).toMatch(/fib.wasm: valid/);
    expect(log[1]).toMatch(/package.json: magic header not detected \(at offset 0x0\)/);
  });
});
