// The charts of bench/RESULTS.md: vega-lite specifications built from bench/results.json,
// compiled to vega and rendered to SVG headless in node (vega's View.toSVG with renderer
// 'none': no canvas, no browser). Needs the dev dependencies `vega` and `vega-lite`. Bars on a
// log scale must not stack (`stack: null`): a stack starts at 0, which a log scale cannot show.
//
// `npm run bench:report` (bench/run-all.ts --report-only) re-renders them, and RESULTS.md, from
// bench/results.json without measuring anything.
//
// Charts: abi.svg (ABI cost per call per shape: purewasm, jco, jco†), interp.svg (engine time /
// node's WebAssembly per kernel, with the JIT and under --jitless), seed-table.svg (the article's
// rows per engine, one log axis per row), decode.svg, sandboxes.svg and limits.svg (when
// bench/limits.ts ran).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmtX, type Results } from './results.js';

type Spec = Record<string, unknown>;
export interface ChartsOutcome {
  /** file names written into the charts directory */
  rendered: string[];
  /** why nothing was rendered (vega or vega-lite missing, or a rendering error) */
  error?: string;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 8,
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', gridColor: '#eee' },
  header: { labelFontSize: 12, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', direction: 'horizontal' },
  title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555', anchor: 'start', offset: 10 },
};
/** One colour per engine, the same in every chart. */
const COLORS: Record<string, string> = {
  purewasm: '#1f77b4',
  'purewasm --jitless': '#9ecae1',
  'jco + V8': '#ff7f0e',
  jco: '#ff7f0e',
  'jco†': '#fdbf6f',
  'native (x86-64)': '#2ca02c',
  'V8 (node)': '#ff7f0e',
  polywasm: '#9467bd',
  webassemblyjs: '#8c564b',
};
const colorScale = (engines: string[]): Spec => ({ domain: engines, range: engines.map((e) => COLORS[e] ?? '#7f7f7f') });
const dateOf = (r: Results): string => r.date.slice(0, 10);

function abiChart(r: Results): Spec | undefined {
  const abi = r.sections.abi?.data;
  if (!abi) return undefined;
  const engines = ['purewasm', 'jco', 'jco†'];
  const values: Spec[] = [];
  const rows = [...abi.rows, ...abi.link.filter((l) => l.name.startsWith('per crossing'))];
  for (const row of rows) {
    const shape = row.name.startsWith('per crossing') ? 'cross-component add (per crossing)' : row.inner > 1 ? `${row.name} (per call)` : row.name;
    const add = (engine: string, ns: number | null): void => {
      if (ns !== null && ns > 0) values.push({ shape, engine, ns, label: ns >= 1e3 ? `${(ns / 1e3).toPrecision(3)} µs` : `${ns.toFixed(0)} ns` });
    };
    add('purewasm', row.abi.purewasm);
    add('jco', row.abi.jco);
    add('jco†', row.abi.jcoNolog);
  }
  return {
    $schema: SCHEMA,
    title: {
      text: 'Canonical ABI cost per call: purewasm vs jco',
      subtitle: [`component call − the same core function called directly; median of ${abi.runs} runs (${abi.clock === 'cpu' ? 'process CPU time' : 'wall time'}); log scale`,
        `jco† = jco's output without its per-call process.env lookup; ${r.machine.cpu} ×${r.machine.cores}, node ${r.node}, ${dateOf(r)}`],
    },
    data: { values },
    width: 460,
    height: { step: 30 },
    encoding: {
      y: { field: 'shape', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } },
      yOffset: { field: 'engine', type: 'nominal', sort: engines },
      x: { field: 'ns', type: 'quantitative', scale: { type: 'log' }, stack: null, title: 'ns per call (log scale)' },
    },
    layer: [
      { mark: { type: 'bar' }, encoding: { color: { field: 'engine', type: 'nominal', sort: engines, scale: colorScale(engines), title: null } } },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 8, color: '#333' }, encoding: { text: { field: 'label' } } },
    ],
    config: CONFIG,
  };
}

function interpChart(r: Results): Spec | undefined {
  const t = r.sections.interp?.data;
  if (!t) return undefined;
  const values: Spec[] = [];
  const engines = new Set<string>();
  const tables = [[t, 'with the JIT'] as const, ...(t.jitlessTable ? [[t.jitlessTable, `node --jitless (sizes × ${fmtX(t.jitlessTable.scale)})`] as const] : [])];
  for (const [table, mode] of tables) {
    for (const k of table.kernels) {
      for (const e of table.engines) {
        const c = k.cells[e];
        if (c?.status === 'ok' && k.nodeMs) {
          values.push({ kernel: k.name, engine: e, mode, ratio: c.median / k.nodeMs, label: `${fmtX(c.median / k.nodeMs)}×` });
          engines.add(e);
        }
      }
    }
    for (const [e, g] of Object.entries(table.geomean)) {
      if (g) values.push({ kernel: 'geomean', engine: e, mode, ratio: g.ratio, label: `${fmtX(g.ratio)}×` });
    }
  }
  const order = ['purewasm', 'polywasm', 'webassemblyjs'].filter((e) => engines.has(e));
  return {
    $schema: SCHEMA,
    title: {
      text: 'Interpreter: time relative to node\'s native WebAssembly, per kernel',
      subtitle: [`engine time / V8's time on the same kernel and size (1 = as fast as V8; log scale); median of ${t.runs} runs; missing bar: wrong result, failure or timeout`,
        `under --jitless node has no WebAssembly: the reference is V8 with its JIT at the same sizes; ${r.machine.cpu} ×${r.machine.cores}, node ${r.node}, ${dateOf(r)}`],
    },
    data: { values },
    facet: { column: { field: 'mode', type: 'nominal', sort: tables.map((x) => x[1]), title: null } },
    spec: {
      width: 300,
      height: { step: 34 },
      encoding: {
        y: { field: 'kernel', type: 'nominal', sort: [...t.kernels.map((k) => k.name), 'geomean'], title: null },
        yOffset: { field: 'engine', type: 'nominal', sort: order },
        x: { field: 'ratio', type: 'quantitative', scale: { type: 'log' }, stack: null, title: '× node (log scale)' },
      },
      layer: [
        { mark: { type: 'bar' }, encoding: { color: { field: 'engine', type: 'nominal', sort: order, scale: colorScale(order), title: null } } },
        { mark: { type: 'text', align: 'left', dx: 3, fontSize: 8, color: '#333' }, encoding: { text: { field: 'label' } } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    config: CONFIG,
  };
}

function seedChart(r: Results): Spec | undefined {
  const s = r.sections['seed-table']?.data;
  if (!s) return undefined;
  const engines = (['native', 'jco', 'purewasm', 'jitless'] as const).map((e) => s.engines[e]);
  const values: Spec[] = [];
  const rowNames: string[] = [];
  for (const row of s.rows) {
    const name = `${row.name} (${row.unit})`;
    rowNames.push(name);
    for (const e of ['native', 'jco', 'purewasm', 'jitless'] as const) {
      const c = row.cells[e];
      if (!c || !(c.median > 0)) continue; // log scale: a negative memory delta (noise) is left out
      values.push({ row: name, engine: s.engines[e], value: c.median, lo: c.min > 0 ? c.min : c.median, hi: c.max, label: c.median.toPrecision(3) });
    }
  }
  return {
    $schema: SCHEMA,
    title: {
      text: 'The article\'s table on this machine',
      subtitle: [`median and min–max of ${s.runs} runs (--jitless, cold start and memory: ${s.slowRuns}); each row its own log scale, in its own unit; lower is better`,
        `${r.machine.cpu} ×${r.machine.cores}, node ${r.node}, ${dateOf(r)}; a missing bar: not measured (see RESULTS.md)`],
    },
    data: { values },
    facet: { row: { field: 'row', type: 'nominal', sort: rowNames, title: null, header: { labelAngle: 0, labelAlign: 'left', labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold' } } },
    spec: {
      width: 420,
      height: { step: 16 },
      encoding: { y: { field: 'engine', type: 'nominal', sort: engines, title: null } },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'value', type: 'quantitative', scale: { type: 'log' }, stack: null, title: null },
            color: { field: 'engine', type: 'nominal', sort: engines, scale: colorScale(engines), legend: null },
          },
        },
        { mark: { type: 'rule', color: '#333' }, encoding: { x: { field: 'lo', type: 'quantitative', scale: { type: 'log' }, stack: null }, x2: { field: 'hi' } } },
        { mark: { type: 'text', align: 'left', dx: 4, fontSize: 9, color: '#333' }, encoding: { x: { field: 'hi', type: 'quantitative', scale: { type: 'log' }, stack: null }, text: { field: 'label' } } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    spacing: 14,
    config: CONFIG,
  };
}

function decodeChart(r: Results): Spec | undefined {
  const d = r.sections.decode?.data;
  if (!d) return undefined;
  const engines = ['purewasm', 'V8 (node)'];
  const values: Spec[] = [];
  for (const f of d.files) {
    const module = `${f.label} (${f.sizeMB.toFixed(1)} MB)`;
    values.push({ module, engine: 'purewasm', mbs: f.purewasm.median, lo: f.purewasm.min, hi: f.purewasm.max });
    if (f.v8) values.push({ module, engine: 'V8 (node)', mbs: f.v8.median, lo: f.v8.min, hi: f.v8.max });
  }
  return {
    $schema: SCHEMA,
    title: {
      text: 'Decode + validate throughput (WebAssembly.validate)',
      subtitle: [`median and min–max of ${d.runs} runs; higher is better; ${r.machine.cpu} ×${r.machine.cores}, node ${r.node}, ${dateOf(r)}`],
    },
    data: { values },
    width: 420,
    height: { step: 30 },
    encoding: {
      y: { field: 'module', type: 'nominal', sort: null, title: null, axis: { labelLimit: 300 } },
      yOffset: { field: 'engine', type: 'nominal', sort: engines },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'mbs', type: 'quantitative', title: 'MB/s' },
          color: { field: 'engine', type: 'nominal', sort: engines, scale: colorScale(engines), title: null },
        },
      },
      { mark: { type: 'rule', color: '#333' }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
    ],
    config: CONFIG,
  };
}

function sandboxesChart(r: Results): Spec | undefined {
  const s = r.sections.sandboxes?.data;
  if (!s) return undefined;
  const values = s.realms.filter((x) => x.ratios && !x.name.startsWith('plain node'))
    .map((x) => ({ realm: x.name.replace(/`/g, '').replace(/ ¹$/, ' (subset)'), ratio: x.ratios!.all, label: `${fmtX(x.ratios!.all)}×` }));
  if (!values.length) return undefined;
  return {
    $schema: SCHEMA,
    title: {
      text: 'Image-service calls in each sandbox, relative to plain node',
      subtitle: [`sum of each call's median over ${s.runs} passes, realm / plain node (log scale); ${r.machine.cpu} ×${r.machine.cores}, node ${r.node}, ${dateOf(r)}`],
    },
    data: { values },
    width: 420,
    height: { step: 24 },
    encoding: {
      y: { field: 'realm', type: 'nominal', sort: null, title: null, axis: { labelLimit: 320 } },
      x: { field: 'ratio', type: 'quantitative', scale: { type: 'log' }, stack: null, title: '× plain node (log scale)' },
    },
    layer: [
      { mark: { type: 'bar', color: COLORS.purewasm } },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 9, color: '#333' }, encoding: { text: { field: 'label' } } },
    ],
    config: CONFIG,
  };
}

function limitsChart(r: Results): Spec | undefined {
  const l = r.sections.limits?.data;
  if (!l?.rows?.length) return undefined;
  const deadline = l.rows.some((row) => row.deadline_ratio !== undefined);
  const settings = ['limits unset', 'fuel on', ...(deadline ? ['deadline set'] : [])];
  const values = l.rows.flatMap((row) => [
    { kernel: row.kernel, setting: 'limits unset', ratio: row.unset_ratio },
    { kernel: row.kernel, setting: 'fuel on', ratio: row.fuel_ratio },
    ...(deadline ? [{ kernel: row.kernel, setting: 'deadline set', ratio: row.deadline_ratio ?? NaN }] : []),
  ]).filter((v) => Number.isFinite(v.ratio));
  return {
    $schema: SCHEMA,
    title: { text: 'Limit checks in the hot loop', subtitle: [`time / the interpreter without checks (1 = no cost); ${r.machine.cpu} ×${r.machine.cores}, node ${r.node}, ${dateOf(r)}`] },
    data: { values },
    width: 420,
    height: { step: 28 },
    layer: [
      {
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          y: { field: 'kernel', type: 'nominal', sort: null, title: null },
          yOffset: { field: 'setting', type: 'nominal', sort: settings },
          x: { field: 'ratio', type: 'quantitative', title: '× no checks', scale: { zero: false } },
          color: { field: 'setting', type: 'nominal', sort: settings, scale: { domain: settings, range: ['#9ecae1', '#1f77b4', '#08519c'].slice(0, settings.length) }, title: null },
        },
      },
      { mark: { type: 'rule', color: '#d62728', strokeDash: [4, 3] }, encoding: { x: { datum: 1 } } },
    ],
    config: CONFIG,
  };
}

export const CHARTS: Array<[file: string, alt: string, build: (r: Results) => Spec | undefined]> = [
  ['abi.svg', 'ABI cost per call per shape, purewasm vs jco', abiChart],
  ['interp.svg', 'interpreter time relative to V8 per kernel', interpChart],
  ['seed-table.svg', 'the article\'s table per engine', seedChart],
  ['decode.svg', 'decode + validate throughput', decodeChart],
  ['sandboxes.svg', 'image-service calls per sandbox relative to plain node', sandboxesChart],
  ['limits.svg', 'limit checks in the hot loop', limitsChart],
];

interface VegaLite { compile(spec: Spec): { spec: Spec } }
interface Vega {
  parse(spec: Spec): unknown;
  View: new (runtime: unknown, options: { renderer: string }) => { toSVG(): Promise<string>; finalize(): void };
}

/** Renders every chart whose section ran into `dir`; nothing, with the reason, if vega is missing. */
export async function renderCharts(r: Results, dir: string): Promise<ChartsOutcome> {
  let vl: VegaLite, vega: Vega;
  try {
    // (names in variables: the packages are optional for tsc, needed only here)
    const vlName: string = 'vega-lite', vegaName: string = 'vega';
    vl = (await import(vlName)) as VegaLite;
    vega = (await import(vegaName)) as Vega;
  } catch (e) {
    return { rendered: [], error: `vega and vega-lite are needed to render them (npm install --save-dev vega vega-lite): ${(e as Error).message.split('\n')[0]}` };
  }
  mkdirSync(dir, { recursive: true });
  const rendered: string[] = [];
  for (const [file, , build] of CHARTS) {
    const spec = build(r);
    if (!spec) continue;
    try {
      const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
      const svg = await view.toSVG();
      view.finalize();
      writeFileSync(join(dir, file), svg.endsWith('\n') ? svg : `${svg}\n`);
      rendered.push(file);
    } catch (e) {
      return { rendered, error: `${file}: ${(e as Error).message}` };
    }
  }
  return { rendered };
}
