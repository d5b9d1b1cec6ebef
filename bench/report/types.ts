// The machine-readable results of the benchmark sections: what each script writes with
// `--json FILE`, and what bench/run-all.ts gathers into bench/results.json, from which
// bench/report/results-md.ts writes bench/RESULTS.md and bench/report/charts.ts the SVG charts.
// One file so that the writers (the section scripts) and the readers (the report) agree.

/** Median, minimum and maximum of `n` samples, in the unit the field names. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stat(xs: readonly number[]): Stat {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const m = s.length >> 1;
  return { median: s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2, min: s[0]!, max: s[s.length - 1]!, n: s.length };
}

// ---------- bench/decode.ts ----------

export interface DecodeFile {
  file: string;
  /** what the module is (package it comes from) */
  label: string;
  sizeMB: number;
  /** MB/s per timed run */
  purewasm: Stat;
  v8: Stat | null;
  /** purewasm MB/s / V8 MB/s, per pair of runs taken back to back */
  ratio: Stat | null;
  /** purewasm's WebAssembly.validate returned true */
  valid: boolean;
}
export interface DecodeJson {
  runs: number;
  /** minimum length of one timed run, ms */
  runMs: number;
  files: DecodeFile[];
  /** mean over files of the median ratio */
  meanRatio: number | null;
}

// ---------- bench/interp.ts ----------

export type InterpCell =
  | { status: 'ok'; median: number; min: number; max: number; runs: number; checksum: number; checked: boolean; instMs: number }
  | { status: 'wrong'; got: string; expected: number }
  | { status: 'fail'; message: string }
  | { status: 'unavailable'; message: string }
  | { status: 'timeout'; seconds: number };

export interface InterpKernel {
  name: string;
  n: number;
  measures: string;
  /** node's native WebAssembly time at this n (ms, median), the reference of every ratio */
  nodeMs: number | null;
  cells: Record<string, InterpCell>;
}
export interface InterpJson {
  jitless: boolean;
  scale: number;
  runs: number;
  /** engines other than node, in column order */
  engines: string[];
  kernels: InterpKernel[];
  /** geometric mean of engine time / node time over the kernels the engine got right */
  geomean: Record<string, { ratio: number; kernels: number } | null>;
  /** hash64 time / hash32 time (same algorithm on i64 and i32) */
  i64OverI32: Record<string, number | null>;
  /** the `node --jitless` child's table (same shape), when --jitless was given */
  jitlessTable?: InterpJson | null;
}

// ---------- bench/abi/run.ts ----------

export interface AbiCells {
  /** ns per op; core = the same core function called directly (see run.ts) */
  purewasm?: Stat;
  purewasmCore?: Stat;
  jco?: Stat;
  nodeCore?: Stat;
  jcoNolog?: Stat;
}
export interface AbiRow {
  name: string;
  /** inner calls per op (guest → host loops): the abi figures are per inner call */
  inner: number;
  /** payload bytes per direction (GB/s rows) */
  bytes: number | null;
  cells: AbiCells;
  /** ns per (inner) call: component − core medians */
  abi: { purewasm: number | null; jco: number | null; jcoNolog: number | null };
  /** purewasm ABI / jco ABI: median from the medians, min–max over the runs taken in turn */
  ratio: { jco: Stat | null; jcoNolog: Stat | null };
  /** GB/s = 2 × bytes / ABI time */
  gbs: { purewasm: number | null; jco: number | null; jcoNolog: number | null };
}
/** wall and CPU ms */
export type WallCpu = [number, number];
export interface AbiJson {
  runs: number;
  batchMs: number;
  warmMs: number;
  clock: 'cpu' | 'wall';
  jcoVersion: string | null;
  rows: AbiRow[];
  link: AbiRow[];
  /** (add-many(1000) − add-many(0)) / 1000: one B → A crossing, ns */
  crossing: { purewasm: number; purewasmAbi: number; jco: number | null; jcoNolog: number | null } | null;
  cold: {
    runs: number;
    componentBytes: number;
    rows: Array<{ label: string; purewasm: WallCpu | null; jco: WallCpu | null }>;
  } | null;
  notes: string[];
  seconds: number;
}

// ---------- bench/image-service.ts ----------

export interface ColdSplit {
  total: Stat;
  compile: Stat;
  instantiate: Stat;
  firstCall: Stat;
  load: Stat;
  cpu: Stat;
}
export interface ProfileSummary {
  runs: number;
  /** mean ms sampled per profiled run */
  sampledMs: number;
  areas: Array<{ area: string; ms: number; pct: number }>;
  functions: Array<{ fn: string; ms: number; pct: number }>;
}
export interface ImageServiceJson {
  runs: number;
  componentBytes: number;
  sampleBytes: number;
  /** in one process, warm JIT, ms */
  warm: Array<{ label: string; ms: Stat }>;
  cold: { purewasm: ColdSplit; jco: ColdSplit };
  snapshot: {
    nodeBare: Stat;
    compiled: { blobMB: number; total: Stat; instantiate: Stat; firstCall: Stat; cpu: Stat; process: Stat };
    warm: { blobMB: number; total: Stat; instantiate: Stat; firstCall: Stat; cpu: Stat; process: Stat };
  } | null;
  phases: { decode: Stat; validate: Stat } | null;
  profile: ProfileSummary | null;
}

// ---------- bench/sandboxes.ts ----------

export const SANDBOX_CATEGORIES = ['extract', 'detect', 'apply', 'applyAll', 'applyBatch'] as const;
export type SandboxCategory = (typeof SANDBOX_CATEGORIES)[number];
export interface SandboxRealm {
  name: string;
  /** why it has no figures */
  skipped?: string;
  /** ran QuickJS's subset of the workload (its ratios are to plain node on that subset) */
  subset: boolean;
  /** ms: bundle load, compileComponent */
  load?: number;
  compile?: number;
  /** ms: per category, the sum over its calls of each call's median over the timed passes */
  categories?: Record<SandboxCategory, number>;
  all?: number;
  /** ms: the sum of all calls in each timed pass */
  allPasses?: Stat;
  /** realm / plain node, per category and for all calls */
  ratios?: Record<SandboxCategory, number> & { all: number };
  firstPass?: number;
  instantiate?: number;
  note?: string;
  resultsEqual?: boolean;
}
export interface SandboxesJson {
  runs: number;
  counts: Record<SandboxCategory, number>;
  realms: SandboxRealm[];
  /** `apply` per operation: plain node ms and each realm's ratio (null: not in its workload) */
  ops: Array<{ op: string; plainMs: number; ratios: Record<string, number | null> }>;
  seconds: number;
}

// ---------- bench/seed-table/run.ts ----------

export type SeedEngine = 'native' | 'jco' | 'purewasm' | 'jitless';
export interface SeedRow {
  key: string;
  name: string;
  unit: string;
  article: string;
  /** in `unit`: median, min, max; null: not measured (see skipped) */
  cells: Record<SeedEngine, Stat | null>;
  skipped: Partial<Record<SeedEngine, string>>;
}
export interface SeedTableJson {
  runs: number;
  slowRuns: number;
  engines: Record<SeedEngine, string>;
  rows: SeedRow[];
  notMeasured: string[];
  seconds: number;
}

// ---------- bench/limits.ts (written by its own author; the shape it promises) ----------

export interface LimitsJson {
  rows: Array<{
    kernel: string;
    n?: number;
    baseline_ms: number;
    unset_ms: number;
    fuel_ms: number;
    unset_ratio: number;
    fuel_ratio: number;
    /** optional: a deadline ({ timeout }) configuration */
    deadline_ms?: number;
    deadline_ratio?: number;
    /** per configuration: [min, max] or { min, max } */
    min_max?: Record<string, unknown>;
  }>;
  /** geometric means of the ratios */
  geomean?: { unset: number; fuel: number; deadline?: number };
  runs?: number;
  scale?: number;
  notes: string;
}

// ---------- bench/abi/profile.ts ----------

export interface CpuProfileJson {
  /** ms sampled in all */
  sampledMs: number;
  /** self time by function (file:line) or category, largest first */
  top: Array<{ key: string; ms: number; pct: number }>;
}
