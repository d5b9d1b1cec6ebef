// The `component-name` custom section. Spec: component-model design/mvp/Binary.md §"Name Section"
// (`namedata`, `componentnamesubsec`, `sortnamesubsec`, `namemap`). Like the core name section,
// it never makes a component malformed: anything ill-formed yields `undefined`. Subsections with
// an unknown id or sort are skipped (as wasm-tools does).

import { CompileError } from '../../core/errors.js';
import type { Reader } from '../../core/binary/reader.js';
import type { ComponentNames, CoreSort, Sort } from './ast.js';
import { componentReader, readString, readUnlimitedString } from './reader.js';

const CORE_SORTS: Record<number, CoreSort> = {
  0x00: 'func', 0x01: 'table', 0x02: 'memory', 0x03: 'global', 0x04: 'tag', 0x10: 'type', 0x11: 'module', 0x12: 'instance',
};
const SORTS: Record<number, Sort> = { 0x01: 'func', 0x02: 'value', 0x03: 'type', 0x04: 'component', 0x05: 'instance' };

/** Decodes the payload [start, end) of a `component-name` section; undefined if it is malformed. */
export function decodeComponentNames(bytes: Uint8Array, start: number, end: number): ComponentNames | undefined {
  try {
    return readNames(componentReader(bytes, start, end));
  } catch (e) {
    if (e instanceof CompileError) return undefined;
    throw e;
  }
}

function readNames(r: Reader): ComponentNames {
  let component: string | undefined;
  const sorts = new Map<Sort, Map<number, string>>();
  while (!r.eof()) {
    const id = r.u8();
    const size = r.u32();
    if (size > r.end - r.pos) r.fail('unexpected end-of-file', r.end);
    const sub = componentReader(r.bytes, r.pos, r.pos + size);
    r.pos += size;
    if (id === 0) {
      component = readUnlimitedString(sub);
      if (!sub.eof()) sub.fail('trailing data at the end of a name');
    } else if (id === 1) {
      const sort = readSort(sub);
      if (sort === undefined) continue;
      const map = sorts.get(sort) ?? new Map<number, string>();
      sorts.set(sort, map);
      readNameMap(sub, map);
      if (!sub.eof()) sub.fail('trailing data at the end of a name map');
    }
  }
  return { component, sorts };
}

function readSort(r: Reader): Sort | undefined {
  const b = r.u8();
  if (b === 0) {
    const c = CORE_SORTS[r.u8()];
    return c === undefined ? undefined : `core ${c}`;
  }
  return SORTS[b];
}

function readNameMap(r: Reader, into: Map<number, string>): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const idx = r.u32();
    into.set(idx, readString(r));
  }
}
