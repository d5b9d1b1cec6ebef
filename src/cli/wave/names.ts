// JS property names of WIT labels in jco's convention (record fields and flags: lowerCamelCase,
// as heck's `to_lower_camel_case`: "a-b" → aB, "http-URL-v2" → httpUrlV2). The component runtime
// has its own copy (component/canon/names.ts); the CLI may only use the public API, and
// test/wave.test.ts checks that the two agree. Spec: component-model design/mvp/WIT.md
// §"Identifiers" (words of one case joined by '-').

function words(label: string): string[] {
  const out: string[] = [];
  for (const part of label.split(/[^0-9A-Za-z]+/)) {
    if (part === '') continue;
    let start = 0;
    for (let i = 1; i < part.length; i++) {
      const prev = part[i - 1]!;
      const c = part[i]!;
      const next = part[i + 1];
      const lowerToUpper = isLower(prev) && isUpper(c);
      const acronymEnd = isUpper(prev) && isUpper(c) && next !== undefined && isLower(next);
      if (lowerToUpper || acronymEnd) {
        out.push(part.slice(start, i));
        start = i;
      }
    }
    out.push(part.slice(start));
  }
  return out;
}

function isLower(c: string): boolean {
  return c >= 'a' && c <= 'z';
}

function isUpper(c: string): boolean {
  return c >= 'A' && c <= 'Z';
}

function capitalize(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
}

/** `a-b` → `aB`. */
export function lowerCamel(label: string): string {
  return words(label).map((w, i) => (i === 0 ? w.toLowerCase() : capitalize(w))).join('');
}

/** `output-stream` → `OutputStream` (resource classes). */
export function upperCamel(label: string): string {
  return words(label).map(capitalize).join('');
}
