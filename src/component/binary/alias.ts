// Alias definitions and declarators. Spec: component-model design/mvp/Binary.md §"Alias
// Definitions": `alias ::= sort 0x00 instanceidx name | sort 0x01 core:instanceidx core:name |
// sort 0x02 ct idx`. As in wasmparser, the sort's well-formedness depends on the target: export
// aliases take a component external kind (core sorts other than `core module` are malformed),
// core export aliases a core external kind, outer aliases only `core module`, `core type`, `type`
// and `component` (the spec's outeraliassort).

import type { Reader } from '../../core/binary/reader.js';
import type { AliasDef, Sort } from './ast.js';
import { componentExternalKind, coreExternalKind, invalidLeadingByte, readString } from './reader.js';

export function readAlias(r: Reader): AliasDef {
  const offset = r.pos;
  const b1 = r.u8();
  const b2 = b1 === 0 ? r.u8() : undefined;
  const target = r.u8();
  switch (target) {
    case 0x00: {
      const sort = componentExternalKind(r, b1, b2, offset);
      const instance = r.u32();
      return { kind: 'alias', offset, sort, target: { kind: 'export', instance, name: readString(r) } };
    }
    case 0x01: {
      if (b2 === undefined) invalidLeadingByte(r, b1, 'core instance export kind', offset);
      const sort: Sort = `core ${coreExternalKind(r, b2, offset)}`;
      const instance = r.u32();
      return { kind: 'alias', offset, sort, target: { kind: 'core-export', instance, name: readString(r) } };
    }
    case 0x02: {
      const sort = outerAliasSort(r, b1, b2, offset);
      const count = r.u32();
      return { kind: 'alias', offset, sort, target: { kind: 'outer', count, index: r.u32() } };
    }
  }
  return invalidLeadingByte(r, target, 'alias');
}

function outerAliasSort(r: Reader, b1: number, b2: number | undefined, at: number): Sort {
  switch (b1) {
    case 0x00:
      if (b2 === 0x10) return 'core type';
      if (b2 === 0x11) return 'core module';
      return invalidLeadingByte(r, b2!, 'component outer alias kind', at + 1);
    case 0x03: return 'type';
    case 0x04: return 'component';
  }
  return invalidLeadingByte(r, b1, 'component outer alias kind', at);
}
