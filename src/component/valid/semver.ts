// Semantic version syntax, for the versions in interface and dependency names.
// Spec: component-model design/mvp/Explainer.md §"Import and Export Definitions" (`<valid semver>`
// as defined by https://semver.org). Errors describe the position like the common Rust `semver`
// crate does, since the reference test suites quote that wording ("unexpected character 'a'
// while parsing major version number", "empty identifier segment in pre-release identifier").

type Pos = 'major version number' | 'minor version number' | 'patch version number' | 'pre-release identifier' | 'build metadata';

/** Returns undefined when `s` is a valid semver, else the reason. */
export function semverError(s: string): string | undefined {
  if (s === '') return 'empty string, expected a semver version';
  let i = 0;
  const number = (pos: Pos): string | undefined => {
    const start = i;
    while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
    if (i === start) return i >= s.length ? `unexpected end of input while parsing ${pos}` : `unexpected character ${quote(s[i]!)} while parsing ${pos}`;
    if (s[start] === '0' && i - start > 1) return `invalid leading zero in ${pos}`;
    // u64::MAX has 20 digits: only a 20-digit number needs the comparison.
    if (i - start > 20 || (i - start === 20 && BigInt(s.slice(start, i)) > 0xffff_ffff_ffff_ffffn)) return `value of ${pos} exceeds u64::MAX`;
    return undefined;
  };
  const dot = (after: Pos, next: Pos): string | undefined => {
    if (i >= s.length) return `unexpected end of input while parsing ${next}`;
    if (s[i] !== '.') return `unexpected character ${quote(s[i]!)} after ${after}`;
    i++;
    return undefined;
  };
  const err = number('major version number') ?? dot('major version number', 'minor version number')
    ?? number('minor version number') ?? dot('minor version number', 'patch version number') ?? number('patch version number');
  if (err !== undefined) return err;
  if (s[i] === '-') {
    i++;
    const e = identifiers('pre-release identifier');
    if (e !== undefined) return e;
  }
  if (s[i] === '+') {
    i++;
    const e = identifiers('build metadata');
    if (e !== undefined) return e;
  }
  if (i < s.length) {
    const after: Pos = s.includes('+') ? 'build metadata' : s.slice(0, i).includes('-') ? 'pre-release identifier' : 'patch version number';
    return `unexpected character ${quote(s[i]!)} after ${after}`;
  }
  return undefined;

  function identifiers(pos: Pos): string | undefined {
    for (;;) {
      const start = i;
      while (i < s.length && /[0-9A-Za-z-]/.test(s[i]!)) i++;
      if (i === start) {
        if (i < s.length && s[i] !== '.' && s[i] !== '+') return `unexpected character ${quote(s[i]!)} while parsing ${pos}`;
        return `empty identifier segment in ${pos}`;
      }
      const seg = s.slice(start, i);
      if (pos === 'pre-release identifier' && /^[0-9]+$/.test(seg) && seg.length > 1 && seg[0] === '0') {
        return `invalid leading zero in ${pos}`;
      }
      if (s[i] !== '.') return undefined;
      i++;
    }
  }
}

function quote(c: string): string {
  return c === "'" ? "'\\''" : `'${c}'`;
}
