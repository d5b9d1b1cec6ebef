// Import and export names. Spec: component-model design/mvp/Explainer.md §"Import and Export
// Definitions" (the `externname` grammar: `plainname` — `label`, `[constructor]`, `[method]`,
// `[static]` — `interfacename`, `depname`, `urlname`, `hashname`; `label` is kebab-case words that
// are all-lowercase or all-uppercase) and §"Name Uniqueness" (strongly-unique names: labels compare
// ASCII-case-insensitively, and `[method]r.r` / `[static]r.r` clash with the label `r`).
// Nested namespaces and projections (`a:b:c/d/e`) are gated by 🪺 (`nestedNames`).

import { semverError } from './semver.js';

/** Is `s` a `label`: `-`-separated words, each all-lowercase or all-uppercase with digits after the first character? */
export function isKebab(s: string): boolean {
  const n = s.length;
  if (n === 0 || s.charCodeAt(n - 1) === 0x2d) return false;
  let lower = false;
  let upper = false;
  let first = true;
  let digit = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const isLower = c >= 0x61 && c <= 0x7a;
    const isUpper = c >= 0x41 && c <= 0x5a;
    const isDigit = c >= 0x30 && c <= 0x39;
    if (isLower && !lower && !upper) lower = true;
    else if (isUpper && !lower && !upper) upper = true;
    else if (isDigit && !lower && !upper && !first) digit = true;
    else if (isLower && lower) { /* continue the word */ }
    else if (isUpper && upper) { /* continue the word */ }
    else if (isDigit && (lower || upper)) digit = true;
    else if (c === 0x2d && (lower || upper || digit)) {
      lower = upper = digit = false;
      first = false;
    } else return false;
  }
  return true;
}

export type NameKind = 'label' | 'constructor' | 'method' | 'static' | 'interface' | 'dependency' | 'url' | 'hash';

export interface ComponentName {
  readonly raw: string;
  readonly kind: NameKind;
  /** The resource of `[constructor]r`, `[method]r.m`, `[static]r.m`. */
  readonly resource?: string | undefined;
  /** The `m` of `[method]r.m` / `[static]r.m`. */
  readonly method?: string | undefined;
}

/** A failed parse: `message` is the reason. */
export class NameError extends Error {}

/** Parses an `externname`; throws NameError with wasm-tools' wording on failure. */
export function parseComponentName(name: string, nestedNames: boolean): ComponentName {
  const p = new NameParser(name, nestedNames);
  const parsed = p.parse();
  if (p.rest !== '') throw new NameError(`trailing characters found: \`${p.rest}\``);
  return parsed;
}

class NameParser {
  rest: string;
  constructor(private readonly raw: string, private readonly nested: boolean) {
    this.rest = raw;
  }

  parse(): ComponentName {
    const raw = this.raw;
    if (this.eat('[constructor]')) {
      const r = this.expectKebab();
      return { raw, kind: 'constructor', resource: r };
    }
    for (const [prefix, kind] of [['[method]', 'method'], ['[static]', 'static']] as const) {
      if (this.eat(prefix)) {
        const resource = this.takeUntil('.');
        this.kebab(resource);
        const method = this.expectKebab();
        return { raw, kind, resource, method };
      }
    }
    if (this.eat('unlocked-dep=')) {
      this.expect('<');
      this.pkgNameQuery();
      this.expect('>');
      return { raw, kind: 'dependency' };
    }
    if (this.eat('locked-dep=')) {
      this.expect('<');
      this.pkgName(false);
      this.expect('>');
      this.optionalHash();
      return { raw, kind: 'dependency' };
    }
    if (this.eat('url=')) {
      this.expect('<');
      const url = this.takeUpTo('>');
      if (url.includes('<')) throw new NameError('url cannot contain `<`');
      this.expect('>');
      this.optionalHash();
      return { raw, kind: 'url' };
    }
    if (this.eat('integrity=')) {
      this.expect('<');
      this.hash();
      this.expect('>');
      return { raw, kind: 'hash' };
    }
    if (this.rest.includes(':')) {
      this.pkgName(true);
      return { raw, kind: 'interface' };
    }
    this.expectKebab();
    return { raw, kind: 'label' };
  }

  private pkgNameQuery(): void {
    this.pkgPath(false);
    if (this.eat('@')) {
      if (this.eat('*')) return;
      this.expect('{');
      const range = this.takeUpTo('}');
      this.expect('}');
      semverRange(range);
    }
  }

  private pkgName(isInterface: boolean): void {
    this.pkgPath(isInterface);
    if (this.eat('@')) {
      const i = this.rest.indexOf('>');
      const version = i >= 0 ? this.rest.slice(0, i) : this.rest;
      this.rest = i >= 0 ? this.rest.slice(i) : '';
      // Interface versions are checked later, together with a `versionsuffix` attribute.
      if (!isInterface) semver(version);
    }
  }

  private pkgPath(requireProjection: boolean): void {
    this.takeLowercaseKebab();
    this.expect(':');
    this.takeLowercaseKebab();
    if (this.nested) {
      while (this.rest.startsWith(':')) {
        this.expect(':');
        this.takeLowercaseKebab();
      }
    }
    if (this.rest.startsWith('/')) {
      this.expect('/');
      this.takeKebab();
      if (this.nested) {
        while (this.rest.startsWith('/')) {
          this.expect('/');
          this.takeKebab();
        }
      }
    } else if (requireProjection) {
      throw new NameError('expected `/` after package name');
    }
  }

  private hash(): void {
    const integrity = this.takeUpTo('>');
    let any = false;
    for (const h of integrity.split(/\s+/).filter((x) => x !== '')) {
      any = true;
      const algo = ['sha256', 'sha384', 'sha512'].find((a) => h.startsWith(a));
      if (algo === undefined) throw new NameError(`unrecognized hash algorithm: \`${h}\``);
      const rest = h.slice(algo.length);
      if (!rest.startsWith('-')) throw new NameError(`expected \`-\` after hash algorithm: ${h}`);
      const q = rest.indexOf('?');
      const b64 = q >= 0 ? rest.slice(1, q) : rest.slice(1);
      if (!isBase64(b64)) throw new NameError(`not valid base64: \`${b64}\``);
    }
    if (!any) throw new NameError('integrity hash cannot be empty');
  }

  private optionalHash(): void {
    if (!this.eat(',')) return;
    this.expect('integrity=<');
    this.hash();
    this.expect('>');
  }

  private eat(prefix: string): boolean {
    if (!this.rest.startsWith(prefix)) return false;
    this.rest = this.rest.slice(prefix.length);
    return true;
  }

  private expect(prefix: string): void {
    if (!this.eat(prefix)) throw new NameError(`expected \`${prefix}\` at \`${this.rest}\``);
  }

  private takeUntil(c: string): string {
    const i = this.rest.indexOf(c);
    if (i < 0) throw new NameError(`failed to find \`${c}\` character`);
    const s = this.rest.slice(0, i);
    this.rest = this.rest.slice(i + c.length);
    return s;
  }

  private takeUpTo(c: string): string {
    const i = this.rest.indexOf(c);
    if (i < 0) throw new NameError(`failed to find \`${c}\` character`);
    const s = this.rest.slice(0, i);
    this.rest = this.rest.slice(i);
    return s;
  }

  private kebab(s: string): string {
    if (!isKebab(s)) throw new NameError(`\`${s}\` is not in kebab case`);
    return s;
  }

  private takeKebab(): string {
    const rest = this.rest;
    let i = 0;
    while (i < rest.length && isKebabChar(rest.charCodeAt(i))) i++;
    if (i === rest.length) return this.expectKebab();
    const s = rest.slice(0, i);
    this.rest = rest.slice(i);
    return this.kebab(s);
  }

  private takeLowercaseKebab(): string {
    const s = this.takeKebab();
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x41 && c <= 0x5a) throw new NameError(`character \`${s[i]}\` is not lowercase in package name/namespace`);
    }
    return s;
  }

  private expectKebab(): string {
    const s = this.rest;
    this.rest = '';
    return this.kebab(s);
  }
}

/** [a-zA-Z0-9-] */
function isKebabChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
}

function semver(s: string): void {
  const e = semverError(s);
  if (e !== undefined) throw new NameError(`\`${s}\` is not a valid semver: ${e}`);
}

function semverRange(range: string): void {
  if (range === '*') return;
  if (range.startsWith('>=')) {
    const r = range.slice(2);
    const sp = r.indexOf(' ');
    const lower = sp >= 0 ? r.slice(0, sp) : r;
    semver(lower);
    if (sp >= 0) {
      const upper = r.slice(sp + 1);
      if (!upper.startsWith('<')) throw new NameError('expected `<` at start of version range upper bounds');
      semver(upper.slice(1));
    }
  } else if (range.startsWith('<')) {
    semver(range.slice(1));
  } else {
    throw new NameError('expected `>=` or `<` at start of version range');
  }
}

function isBase64(s: string): boolean {
  if (s === '') return false;
  let equals = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (/[0-9a-zA-Z+/]/.test(c) && equals === 0) continue;
    if (c === '=' && i > 0 && equals < 2) {
      equals++;
      continue;
    }
    return false;
  }
  return true;
}

/** The version of an interface name (`a:b/c@1.2.3`) with an optional 🔗 suffix: an error message or undefined. */
export function interfaceVersionError(name: string, suffix: string | undefined): string | undefined {
  const at = name.indexOf('@');
  if (at < 0) return undefined;
  return semverError(name.slice(at + 1) + (suffix ?? ''));
}

/**
 * The strong-uniqueness key of a name: equal keys clash. Labels (and the resource/method words)
 * compare case-insensitively; `[method]r.r` and `[static]r.r` equal the label `r`.
 */
export function uniquenessKey(n: ComponentName): string {
  switch (n.kind) {
    case 'label': return `l:${n.raw.toLowerCase()}`;
    case 'constructor': return `c:${n.resource!.toLowerCase()}`;
    case 'method':
    case 'static': {
      const r = n.resource!.toLowerCase();
      const m = n.method!.toLowerCase();
      return r === m ? `l:${r}` : `m:${r}.${m}`;
    }
    default: return `${n.kind}:${n.raw}`;
  }
}
