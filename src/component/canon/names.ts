// JS names of component-level labels, as jco writes them (js-component-bindgen uses heck's
// `to_lower_camel_case` / `to_upper_camel_case`). Checked against jco 1.35's glue: record
// fields and flags "a-b" → aB, "x-y-z" → xYZ, "http-URL-v2" → httpUrlV2 (an all-caps word keeps
// only its first letter upper case), "ab-c2-d" → abC2D (digits stay inside their word). Variant
// case tags and enum values keep the kebab-case label itself ("a-b").
// Spec: component-model design/mvp/Explainer.md §"Import and Export Definitions" (kebab-case:
// words of [a-z][0-9a-z]* or [A-Z][0-9A-Z]*, joined by '-').

/** The words of a label: split at '-' and at lower→upper case changes (as heck does). */
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

const lowerCache = new Map<string, string>();

/** `a-b` → `aB`, `http-URL-v2` → `httpUrlV2`. */
export function toLowerCamelCase(label: string): string {
  let s = lowerCache.get(label);
  if (s === undefined) {
    const ws = words(label);
    s = ws.map((w, i) => (i === 0 ? w.toLowerCase() : capitalize(w))).join('');
    lowerCache.set(label, s);
  }
  return s;
}

/** `output-stream` → `OutputStream` (resource class names). */
export function toUpperCamelCase(label: string): string {
  return words(label).map(capitalize).join('');
}
