// What bench/run-all.ts writes to bench/results.json: the run's header (date, machine, node,
// command, load), each section's own JSON (bench/report/types.ts), the profiles taken for
// missed aims, and the aims of issue 9 judged from the sections (judgeAims below).

import type {
  AbiJson, AbiRow, CpuProfileJson, DecodeJson, ImageServiceJson, InterpJson, LimitsJson, ProfileSummary, SandboxesJson, SeedTableJson,
} from './types.js';

export interface SectionData {
  decode: DecodeJson;
  interp: InterpJson;
  abi: AbiJson;
  'image-service': ImageServiceJson;
  sandboxes: SandboxesJson;
  'seed-table': SeedTableJson;
  limits: LimitsJson;
}
export type SectionId = keyof SectionData;
export const SECTION_IDS: readonly SectionId[] = ['decode', 'interp', 'abi', 'image-service', 'sandboxes', 'seed-table', 'limits'];

export interface SectionRun<K extends SectionId = SectionId> {
  id: K;
  /** the command, as run from the repository root */
  command: string;
  status: 'ok' | 'failed' | 'skipped';
  /** why it failed or was skipped */
  reason?: string;
  startedAt: string;
  seconds: number;
  /** os.loadavg()[0] at the start and at the end */
  load: [number, number];
  data?: SectionData[K];
}

export type AimId = 'abi-scalar' | 'abi-string' | 'abi-record' | 'list-u8' | 'cold-start' | 'cross-call';

export interface Aim {
  id: AimId;
  title: string;
  /** what was measured, in words, with the figure */
  measured: string;
  /** measured ÷ what the aim allows, oriented so that ≤ 1 is met (time over time allowed) */
  ratio: number | null;
  met: boolean | null;
  /** by how much it is missed, in words (missed aims only) */
  missedBy?: string;
  /** further figures beside the aim's own (e.g. against jco without its env lookup) */
  aside?: string;
  /** what to profile when missed: an ABI row (bench/abi/profile.ts --only) or the cold start */
  profile?: { kind: 'abi'; only: string } | { kind: 'cold' };
}

export interface ProfileRun {
  aim: AimId;
  command: string;
  status: 'ok' | 'failed';
  reason?: string;
  seconds: number;
  abi?: CpuProfileJson;
  cold?: ProfileSummary;
}

export interface Results {
  generator: string;
  date: string;
  machine: { cpu: string; cores: number; memGiB: number; os: string };
  node: string;
  v8: string;
  command: string;
  totalSeconds: number;
  load: { start: number[]; end: number[] };
  source: { commit: string | null; changed: string[] };
  sections: Partial<{ [K in SectionId]: SectionRun<K> }>;
  aims: Aim[];
  profiles: ProfileRun[];
}

// ---------- the aims ----------

export const fmtNs = (ns: number): string => {
  const a = Math.abs(ns);
  if (a >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (a >= 1e4) return `${(ns / 1e3).toFixed(1)} µs`;
  if (a >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
};
export const fmtX = (r: number): string => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2));

/** The row names of bench/abi/run.ts per aim. */
const ABI_SHAPES: Record<'abi-scalar' | 'abi-string' | 'abi-record', { title: string; rows: (name: string) => boolean }> = {
  'abi-scalar': { title: 'ABI cost per call ≤ jco\'s — scalar (nop, add(u32,u32))', rows: (n) => n === 'nop' || n === 'add(u32,u32)' },
  'abi-string': { title: 'ABI cost per call ≤ jco\'s — string (echo-string, utf8 and utf16, 0 B–64 KB)', rows: (n) => n.startsWith('echo-string') },
  'abi-record': { title: 'ABI cost per call ≤ jco\'s — record (echo-record: nested record with strings, option, list)', rows: (n) => n.startsWith('echo-record') },
};

function abiAim(id: keyof typeof ABI_SHAPES, abi: AbiJson | undefined): Aim {
  const { title, rows: pick } = ABI_SHAPES[id];
  const rows = (abi?.rows ?? []).filter((r) => pick(r.name));
  const rated = rows.filter((r): r is AbiRow & { ratio: { jco: NonNullable<AbiRow['ratio']['jco']> } } => r.ratio.jco !== null && Number.isFinite(r.ratio.jco.median));
  if (!rated.length) return { id, title, measured: abi ? 'no row could be timed in both engines' : 'not measured (the ABI section did not run)', ratio: null, met: null };
  const worst = rated.reduce((a, r) => (r.ratio.jco.median > a.ratio.jco.median ? r : a));
  const ratio = worst.ratio.jco.median;
  const list = rated.map((r) => `${r.name} ${fmtX(r.ratio.jco.median)}×`).join(', ');
  const nolog = rows.filter((r) => r.ratio.jcoNolog !== null).map((r) => `${r.name} ${fmtX(r.ratio.jcoNolog!.median)}×`).join(', ');
  const aim: Aim = {
    id, title, ratio, met: ratio <= 1,
    measured: `purewasm ABI / jco ABI, worst ${worst.name}: ${fmtX(ratio)}× (${fmtNs(worst.abi.purewasm!)} vs ${fmtNs(worst.abi.jco!)})${rated.length > 1 ? `; all: ${list}` : ''}`,
    ...(nolog ? { aside: `against jco without its per-call \`process.env\` lookup (jco†): ${nolog}` } : {}),
  };
  if (!aim.met) {
    aim.missedBy = `${fmtX(ratio)}× jco's ABI cost on ${worst.name}: ${fmtNs(worst.abi.purewasm! - worst.abi.jco!)} more per call`;
    aim.profile = { kind: 'abi', only: worst.name.split(',')[0]! };
  }
  return aim;
}

function listAim(abi: AbiJson | undefined): Aim {
  const title = '`list<u8>` lift + lower ≥ 1 GB/s (echo-bytes 1 KB and 1 MB)';
  const rows = (abi?.rows ?? []).filter((r) => r.name.startsWith('echo-bytes') && r.gbs.purewasm !== null);
  if (!rows.length) return { id: 'list-u8', title, measured: abi ? 'the echo-bytes rows could not be timed' : 'not measured (the ABI section did not run)', ratio: null, met: null };
  const worst = rows.reduce((a, r) => (r.gbs.purewasm! < a.gbs.purewasm! ? r : a));
  const gbs = worst.gbs.purewasm!;
  const aim: Aim = {
    id: 'list-u8', title, ratio: 1 / gbs, met: gbs >= 1,
    measured: rows.map((r) => `${r.name}: ${r.gbs.purewasm!.toFixed(2)} GB/s`).join('; ') + ' (bytes lowered + lifted per ABI time)',
    aside: rows.filter((r) => r.gbs.jco !== null).map((r) => `jco ${r.name}: ${r.gbs.jco!.toFixed(2)} GB/s`).join('; '),
  };
  if (!aim.met) {
    aim.missedBy = `${gbs.toFixed(2)} GB/s on ${worst.name}, ${((1 - gbs) * 100).toFixed(0)}% short`;
    aim.profile = { kind: 'abi', only: worst.name };
  }
  return aim;
}

function coldAim(img: ImageServiceJson | undefined, seed: SeedTableJson | undefined): Aim {
  const title = 'cold start of the image-service ≤ 3 ms (bytes → first `metadata.extract` result, fresh process)';
  const cold = img?.cold?.purewasm;
  const seedCold = seed?.rows.find((r) => r.key === 'cold')?.cells.purewasm ?? null;
  const ms = cold ? cold.total.median : seedCold ? seedCold.median : null;
  if (ms === null) return { id: 'cold-start', title, measured: 'not measured (the image-service and seed-table sections did not run)', ratio: null, met: null };
  const parts: string[] = [];
  if (cold) parts.push(`${ms.toFixed(1)} ms wall (${cold.total.min.toFixed(1)}–${cold.total.max.toFixed(1)}; CPU ${cold.cpu.median.toFixed(1)} ms): compile ${cold.compile.median.toFixed(1)} + instantiate ${cold.instantiate.median.toFixed(1)} + first call ${cold.firstCall.median.toFixed(1)}`);
  else parts.push(`${ms.toFixed(1)} ms (seed table)`);
  const asides: string[] = [];
  if (cold && img?.cold?.jco) asides.push(`jco + V8: ${img.cold.jco.total.median.toFixed(1)} ms`);
  if (seedCold && cold) asides.push(`the seed table's own cold-start row: ${seedCold.median.toFixed(1)} ms`);
  const snap = img?.snapshot;
  if (snap) {
    asides.push(`from a node startup snapshot holding an instance that already ran one extract: ${snap.warm.total.median.toFixed(2)} ms (CPU ${snap.warm.cpu.median.toFixed(2)} ms) — ${snap.warm.total.median <= 3 ? 'within' : 'outside'} the aim; `
      + `from a snapshot holding only the compiled component: ${snap.compiled.total.median.toFixed(1)} ms`);
  }
  const aim: Aim = { id: 'cold-start', title, measured: parts.join('; '), ratio: ms / 3, met: ms <= 3, ...(asides.length ? { aside: asides.join('; ') } : {}) };
  if (!aim.met) {
    aim.missedBy = `${fmtX(ms / 3)}× the aim: ${(ms - 3).toFixed(1)} ms over`;
    aim.profile = { kind: 'cold' };
  }
  return aim;
}

function crossAim(abi: AbiJson | undefined, seed: SeedTableJson | undefined): Aim {
  const title = 'a cross-component call through purewasm ≤ 1 µs (`add`, component B → component A)';
  const c = abi?.crossing;
  const once = seed?.rows.find((r) => r.key === 'call1')?.cells.purewasm ?? null;
  if (!c) return { id: 'cross-call', title, measured: 'not measured (the ABI section did not run or link.wasm failed)', ratio: null, met: null };
  const aim: Aim = {
    id: 'cross-call', title, ratio: c.purewasm / 1000, met: c.purewasm <= 1000,
    measured: `${fmtNs(c.purewasm)} per crossing ((add-many(1000) − add-many(0)) / 1000), of which ${fmtNs(c.purewasmAbi)} ABI`,
    aside: [c.jco !== null ? `jco: ${fmtNs(c.jco)}` : '', c.jcoNolog !== null ? `jco†: ${fmtNs(c.jcoNolog)}` : '',
      once ? `JS → B → A add-once, whole call: ${once.median.toFixed(2)} µs (seed table)` : ''].filter(Boolean).join('; '),
  };
  if (!aim.met) {
    aim.missedBy = `${fmtX(c.purewasm / 1000)}× the aim: ${fmtNs(c.purewasm - 1000)} over`;
    aim.profile = { kind: 'abi', only: 'add-many' };
  }
  return aim;
}

export function judgeAims(r: Pick<Results, 'sections'>): Aim[] {
  const abi = r.sections.abi?.data;
  const img = r.sections['image-service']?.data;
  const seed = r.sections['seed-table']?.data;
  return [abiAim('abi-scalar', abi), abiAim('abi-string', abi), abiAim('abi-record', abi), listAim(abi), coldAim(img, seed), crossAim(abi, seed)];
}
