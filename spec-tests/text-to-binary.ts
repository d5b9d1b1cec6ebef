// Text module -> binary, through jco's `parse` (wasm-tools' text parser and
// encoder; it does not validate). Results, including failures, are cached on
// disk under <repo>/.cache/spec/ keyed by a hash of the converter version and
// the module text, so reruns are fast; an empty cache just means converting.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unfoldLegacyTry } from './legacy-try.js';

export type Conversion = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly error: string };

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_CACHE_DIR = join(REPO_ROOT, '.cache', 'spec');

type ParseFn = (text: string) => Promise<Uint8Array>;

let parseFn: Promise<ParseFn> | undefined;
let converterVersion: string | undefined;

function loadParse(): Promise<ParseFn> {
  parseFn ??= import('@bytecodealliance/jco').then((m) => m.parse as ParseFn);
  return parseFn;
}

function version(): string {
  if (converterVersion === undefined) {
    try {
      const require = createRequire(import.meta.url);
      const pkg = JSON.parse(readFileSync(require.resolve('@bytecodealliance/jco/package.json'), 'utf8')) as { version?: string };
      converterVersion = `jco@${pkg.version ?? '?'}`;
    } catch {
      converterVersion = 'jco@?';
    }
  }
  return converterVersion;
}

/** Extracts the interesting part of a wasm-tools error ("kind: Custom(...)"). */
export function conciseParseError(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const custom = /kind: Custom\("((?:[^"\\]|\\.)*)"\)/.exec(raw);
  const at = /span: Span \{ offset: (\d+) \}/.exec(raw);
  if (custom) return `${custom[1]}${at ? ` (at text offset ${at[1]})` : ''}`;
  return raw.length > 300 ? `${raw.slice(0, 300)}...` : raw;
}

/**
 * Rewrites non-ASCII characters so that wasm-tools' lexer accepts them: in
 * string literals they become `\hh` escapes of their UTF-8 bytes (the same
 * bytes, so the same binary), in comments they become `?`. wasm-tools
 * otherwise rejects "confusing" code points such as U+202E that names.wast
 * uses on purpose.
 */
export function asciiSafeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return text;
  const enc = new TextEncoder();
  let out = '';
  let i = 0;
  const n = text.length;
  const escapeChar = (ch: string): string => Array.from(enc.encode(ch), (b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      out += c;
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\') {
          out += text.slice(i, i + 2);
          i += 2;
          continue;
        }
        const cp = text.codePointAt(i)!;
        const ch = String.fromCodePoint(cp);
        out += cp < 0x80 ? ch : escapeChar(ch);
        i += ch.length;
      }
      if (i < n) out += text[i++];
      continue;
    }
    if (c === ';' && text[i + 1] === ';') {
      while (i < n && text[i] !== '\n') {
        out += text.charCodeAt(i) < 0x80 ? text[i] : '?';
        i++;
      }
      continue;
    }
    if (c === '(' && text[i + 1] === ';') {
      let depth = 0;
      do {
        if (text[i] === '(' && text[i + 1] === ';') { depth++; out += '(;'; i += 2; continue; }
        if (text[i] === ';' && text[i + 1] === ')') { depth--; out += ';)'; i += 2; continue; }
        out += text.charCodeAt(i) < 0x80 ? text[i] : '?';
        i++;
      } while (depth > 0 && i < n);
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

export interface TextConverterOptions {
  /** Cache directory; `null` disables the disk cache. */
  readonly cacheDir?: string | null;
}

export interface ConverterStats {
  converted: number;
  cacheHits: number;
}

export class TextConverter {
  readonly stats: ConverterStats = { converted: 0, cacheHits: 0 };
  private readonly cacheDir: string | null;
  private readonly memo = new Map<string, Conversion>();

  constructor(options: TextConverterOptions = {}) {
    this.cacheDir = options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir;
  }

  async convert(moduleText: string): Promise<Conversion> {
    const text = unfoldLegacyTry(asciiSafeText(moduleText));
    const key = createHash('sha256').update(version()).update('\0').update(text).digest('hex');
    const hit = this.memo.get(key);
    if (hit) return hit;
    let result = this.readCache(key);
    if (result) {
      this.stats.cacheHits++;
    } else {
      const parse = await loadParse();
      try {
        result = { ok: true, bytes: await parse(text) };
      } catch (e) {
        result = { ok: false, error: conciseParseError(e) };
      }
      this.stats.converted++;
      this.writeCache(key, result);
    }
    this.memo.set(key, result);
    return result;
  }

  private paths(key: string): { wasm: string; err: string; dir: string } {
    const dir = join(this.cacheDir!, key.slice(0, 2));
    return { dir, wasm: join(dir, `${key}.wasm`), err: join(dir, `${key}.err`) };
  }

  private readCache(key: string): Conversion | undefined {
    if (!this.cacheDir) return undefined;
    const p = this.paths(key);
    try {
      return { ok: true, bytes: new Uint8Array(readFileSync(p.wasm)) };
    } catch {
      /* not cached as success */
    }
    try {
      return { ok: false, error: readFileSync(p.err, 'utf8') };
    } catch {
      return undefined;
    }
  }

  private writeCache(key: string, r: Conversion): void {
    if (!this.cacheDir) return;
    const p = this.paths(key);
    try {
      mkdirSync(p.dir, { recursive: true });
      const target = r.ok ? p.wasm : p.err;
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, r.ok ? r.bytes : r.error);
      renameSync(tmp, target); // atomic: concurrent runs never see partial files
    } catch {
      /* the cache is an optimisation only */
    }
  }
}
