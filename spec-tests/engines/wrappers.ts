// Generated helper modules that let a JS-API engine pass and return values
// bit-exactly: JS numbers lose NaN payloads (f32/f64) and v128 cannot cross
// the JS boundary at all. A wrapper module imports the target function (or
// global) with its exact type and exports a function whose parameters and
// results only use i32 and i64: f32 <-> i32 and f64 <-> i64 via reinterpret,
// v128 <-> two i64 (low, high) via i64x2 lane operations.
// Wasm-to-wasm calls never canonicalise, so the bits survive.

import { KIND, SEC, VALTYPE_CODE, type WValType, funcType, moduleBytes, name, section, uleb, vec } from '../binary-writer.js';

function carrier(t: WValType): WValType[] {
  switch (t) {
    case 'f32': return ['i32'];
    case 'f64': return ['i64'];
    case 'v128': return ['i64', 'i64'];
    default: return [t];
  }
}

/** Instructions turning carrier locals starting at `local` into a value of type t. */
function fromCarrier(t: WValType, local: number): number[] {
  const get = (i: number): number[] => [0x20, ...uleb(i)];
  switch (t) {
    case 'f32': return [...get(local), 0xbe];
    case 'f64': return [...get(local), 0xbf];
    case 'v128': return [...get(local), 0xfd, ...uleb(0x12), ...get(local + 1), 0xfd, ...uleb(0x1e), 0x01];
    default: return get(local);
  }
}

/** Instructions pushing the carrier form of the value in local `local` of type t. */
function toCarrier(t: WValType, local: number): number[] {
  const get = [0x20, ...uleb(local)];
  switch (t) {
    case 'f32': return [...get, 0xbc];
    case 'f64': return [...get, 0xbd];
    case 'v128': return [...get, 0xfd, ...uleb(0x1d), 0x00, ...get, 0xfd, ...uleb(0x1d), 0x01];
    default: return get;
  }
}

function localDecls(types: readonly WValType[]): number[] {
  return vec(types.map((t) => [0x01, VALTYPE_CODE[t]]));
}

function codeEntry(locals: readonly WValType[], body: readonly number[]): number[] {
  const f = [...localDecls(locals), ...body, 0x0b];
  return [...uleb(f.length), ...f];
}

/** Stores the values on the stack (types `results`) into fresh locals and pushes their carriers. */
function resultsToCarriers(results: readonly WValType[], firstLocal: number): number[] {
  const code: number[] = [];
  for (let k = results.length - 1; k >= 0; k--) code.push(0x21, ...uleb(firstLocal + k));
  results.forEach((t, k) => code.push(...toCarrier(t, firstLocal + k)));
  return code;
}

/**
 * Wrapper for a function of type params -> results: imports "t" "f" and
 * exports "w" taking/returning carriers.
 */
export function functionWrapper(params: readonly WValType[], results: readonly WValType[]): Uint8Array {
  const wParams = params.flatMap(carrier);
  const wResults = results.flatMap(carrier);
  const body: number[] = [];
  let local = 0;
  for (const t of params) {
    body.push(...fromCarrier(t, local));
    local += carrier(t).length;
  }
  body.push(0x10, 0x00); // call $f
  body.push(...resultsToCarriers(results, wParams.length));
  return moduleBytes([
    section(SEC.type, vec([funcType(params, results), funcType(wParams, wResults)])),
    section(SEC.import, vec([[...name('t'), ...name('f'), KIND.func, 0x00]])),
    section(SEC.func, vec([[0x01]])),
    section(SEC.export, vec([[...name('w'), KIND.func, 0x01]])),
    section(SEC.code, vec([codeEntry(results, body)])),
  ]);
}

/** Wrapper reading a global of type t: imports "t" "g", exports "w" () -> carriers. */
export function globalWrapper(t: WValType, mutable: boolean): Uint8Array {
  const body = [0x23, 0x00, ...resultsToCarriers([t], 0)];
  return moduleBytes([
    section(SEC.type, vec([funcType([], carrier(t))])),
    section(SEC.import, vec([[...name('t'), ...name('g'), KIND.global, VALTYPE_CODE[t], mutable ? 1 : 0]])),
    section(SEC.func, vec([[0x00]])),
    section(SEC.export, vec([[...name('w'), KIND.func, 0x00]])),
    section(SEC.code, vec([codeEntry([t], body)])),
  ]);
}

export { carrier };
