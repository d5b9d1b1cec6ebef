// Import/export names with attributes. Spec: component-model design/mvp/Binary.md §"Import and
// Export Definitions" (`nameattributes`, `attribute`). The 0x00 and 0x01 forms are equivalent; the
// 0x02 form carries `vec(attribute)` (🏷️ implements, 🔗 versionsuffix, 🏷️ external-id), each kind
// at most once. Feature gating of the 0x02 form is left to the validator (`form` records it).

import type { Reader } from '../../core/binary/reader.js';
import type { ExternName } from './ast.js';
import { invalidLeadingByte, readCount, readString } from './reader.js';

export function readExternName(r: Reader): ExternName {
  const offset = r.pos;
  const form = r.u8();
  if (form > 2) invalidLeadingByte(r, form, 'component name');
  const nameOffset = r.pos;
  const name = readString(r);
  if (form !== 2) return { offset, form: form as 0 | 1, name, nameOffset };
  let implementsName: string | undefined;
  let versionSuffix: string | undefined;
  let externalId: string | undefined;
  const n = readCount(r, 0xffffffff, 'name options');
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const kind = r.u8();
    switch (kind) {
      case 0x00:
        if (implementsName !== undefined) r.fail("duplicate 'implements' option in name", at);
        implementsName = readString(r);
        break;
      case 0x01:
        if (versionSuffix !== undefined) r.fail("duplicate 'versionsuffix' option in name", at);
        versionSuffix = readString(r);
        break;
      case 0x02:
        if (externalId !== undefined) r.fail("duplicate 'external-id' option in name", at);
        externalId = readString(r);
        break;
      default:
        invalidLeadingByte(r, kind, 'name option');
    }
  }
  return { offset, form: 2, name, nameOffset, implements: implementsName, versionSuffix, externalId };
}
