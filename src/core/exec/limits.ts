// Resource limits of an instance: fuel, a wall-clock deadline, call depth, memory pages and table
// elements. Not a WebAssembly feature but an embedder's: WebAssembly Core 3.0 §7 "Embedding"
// leaves resource exhaustion to the embedder, and §4.4.7 `memory.grow` / §4.4.6 `table.grow` may
// fail (answer -1) for any reason, which is how a memory or table cap shows to the guest. The
// model is wasmtime's: fuel consumed by executing instructions, epoch-style deadline checks and a
// resource limiter.
//
// Fuel unit: one per WebAssembly instruction, charged in advance per region. A function body's
// region is its instructions outside loops, charged by each call entering it; a loop body's is
// its instructions outside nested loops, charged by the Tick the translator puts at the loop's
// start (translate.ts), so by every iteration. It is an upper bound of the instructions the
// region executes (a branch may skip some); time spent in host functions costs nothing. When a
// charge takes the remaining fuel below zero the call traps with "fuel exhausted".
//
// The dispatch loop only decrements `Machine.budget` at each Tick and call; `onBudget` runs when it goes
// negative. With no limits the budget is refilled with 2^30 units; with fuel it is the fuel left;
// with a deadline it is at most DEADLINE_CHECK_INTERVAL, so the clock is read every that many
// units (~0.1 ms of interpretation).

import { RuntimeError } from '../errors.js';
import { BUDGET_UNLIMITED, MAX_FRAMES, machine, type Machine } from './machine.js';

/** Limits set at instantiation (every field optional; unset means unlimited). */
export interface Limits {
  /** Fuel for all calls into the instance together (instructions, see above). */
  readonly fuel?: number;
  /** Absolute wall-clock deadline, in ms since the epoch (as `Date.now()`): later calls trap. */
  readonly deadline?: number;
  /** Per-call limit in ms: a call from the host that runs longer traps with "deadline exceeded". */
  readonly timeout?: number;
  /** Nested wasm calls allowed within one call from the host. */
  readonly maxCallDepth?: number;
  /** Pages each memory the instance defines may have (initially and after `memory.grow`). */
  readonly maxMemoryPages?: number;
  /** Elements each table the instance defines may have. */
  readonly maxTableElements?: number;
}

/** How often (fuel units) the clock is read while a deadline is set. */
export const DEADLINE_CHECK_INTERVAL = 10_000;

/**
 * The wall clock in ms since the epoch: Date.now(), or performance.timeOrigin + now() where a
 * sandbox tames Date.now() to NaN (SES does); NaN where the realm has no clock at all.
 */
export function wallClock(): number {
  const t = Date.now();
  if (Number.isFinite(t)) return t;
  const p = (globalThis as { performance?: { now?: () => number; timeOrigin?: number } }).performance;
  if (p !== undefined && typeof p.now === 'function' && Number.isFinite(p.timeOrigin)) return p.timeOrigin! + p.now();
  return Number.NaN;
}

const finite = (v: number | undefined, what: string): number => {
  if (v === undefined) return Infinity;
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0) throw new RangeError(`limits: ${what} must be a non-negative number`);
  return v;
};

/** The live state of an instance's limits (shared by the core instances of one component). */
export class ExecLimits {
  /** Fuel left (may go below zero by the charge that exhausted it). */
  fuel: number;
  deadline: number;
  timeout: number;
  readonly maxCallDepth: number;
  readonly maxMemoryPages: number;
  readonly maxTableElements: number;
  /** Machine.budget when this state last accounted for it (fuel used since = grant - budget). */
  grant = 0;
  /** The deadline of the running call from the host: min(deadline, its start + timeout). */
  callDeadline = Infinity;
  /** How many times memory.grow / table.grow (or the JS API's grow) failed because of a cap. */
  memoryGrowDenied = 0;
  tableGrowDenied = 0;

  constructor(l: Limits) {
    this.fuel = finite(l.fuel, 'fuel');
    this.deadline = finite(l.deadline, 'deadline');
    this.timeout = finite(l.timeout, 'timeout');
    this.maxCallDepth = finite(l.maxCallDepth, 'maxCallDepth');
    this.maxMemoryPages = finite(l.maxMemoryPages, 'maxMemoryPages');
    this.maxTableElements = finite(l.maxTableElements, 'maxTableElements');
    if ((this.deadline !== Infinity || this.timeout !== Infinity) && Number.isNaN(wallClock())) {
      throw new TypeError('limits: a deadline or timeout needs a clock, and this realm has none (Date.now() is NaN and there is no performance.now)');
    }
  }

  /** Fuel left now, counting what the running call has used so far. */
  fuelLeft(m: Machine): number {
    const f = m.limits === this ? this.fuel - (this.grant - m.budget) : this.fuel;
    return Math.max(0, f);
  }

  /** Sets the fuel left (taking effect in the running call too). */
  setFuel(m: Machine, fuel: number): void {
    this.fuel = finite(fuel, 'fuel');
    if (m.limits === this) regrant(m, this);
  }

  /** The limits an options member `l` asks for (undefined: none); a TypeError if it is not an object. */
  static of(l: unknown, what: string): ExecLimits | undefined {
    if (l === undefined) return undefined;
    if (typeof l !== 'object' || l === null) throw new TypeError(`${what}: "limits" must be an object`);
    return new ExecLimits(l as Limits);
  }
}

/** Charges the fuel the running call used since the last accounting. */
function settle(m: Machine, l: ExecLimits): void {
  l.fuel -= l.grant - m.budget;
  l.grant = m.budget;
}

function regrant(m: Machine, l: ExecLimits): void {
  const g = Math.max(0, Math.min(l.fuel, l.callDeadline !== Infinity ? DEADLINE_CHECK_INTERVAL : BUDGET_UNLIMITED));
  m.budget = g;
  l.grant = g;
}

/** The dispatch loop's slow path: Machine.budget went below zero at a Tick. */
export function onBudget(m: Machine): void {
  const l = m.limits;
  if (l === undefined) {
    m.budget = BUDGET_UNLIMITED;
    return;
  }
  settle(m, l);
  if (l.fuel < 0) throw new RuntimeError('fuel exhausted');
  if (l.callDeadline !== Infinity && wallClock() > l.callDeadline) throw new RuntimeError('deadline exceeded');
  regrant(m, l);
}

/** What `enterLimits` changed, for `leaveLimits`. */
export interface SavedLimits {
  readonly prev: ExecLimits | undefined;
  readonly depthCap: number;
  readonly callDeadline: number;
}

/**
 * A call from the host into an instance with limits `l` starts (or resumes, with the deadline it
 * started with): its fuel and deadline govern the call (and the calls it makes into instances
 * without limits of their own).
 */
export function enterLimits(m: Machine, l: ExecLimits, resumeDeadline?: number): SavedLimits {
  const prev = m.limits;
  const saved: SavedLimits = { prev, depthCap: m.depthCap, callDeadline: l.callDeadline };
  if (prev !== undefined) settle(m, prev);
  const now = l.timeout !== Infinity || l.deadline !== Infinity || resumeDeadline !== undefined ? wallClock() : 0;
  const dl = resumeDeadline ?? Math.min(l.deadline, l.timeout !== Infinity ? now + l.timeout : Infinity);
  l.callDeadline = Math.min(dl, prev === l ? l.callDeadline : Infinity);
  m.limits = l;
  if (l.maxCallDepth !== Infinity) m.depthCap = Math.min(m.depthCap, MAX_FRAMES, m.depth + l.maxCallDepth);
  regrant(m, l);
  if (l.callDeadline !== Infinity && now > l.callDeadline) {
    leaveLimits(m, saved);
    throw new RuntimeError('deadline exceeded');
  }
  return saved;
}

/** The call `enterLimits` started has ended (returned, trapped or suspended). */
export function leaveLimits(m: Machine, saved: SavedLimits): void {
  const l = m.limits;
  if (l !== undefined) {
    settle(m, l);
    l.callDeadline = saved.callDeadline;
  }
  m.limits = saved.prev;
  m.depthCap = saved.depthCap;
  if (saved.prev !== undefined) regrant(m, saved.prev);
  else m.budget = BUDGET_UNLIMITED;
}

// ---- the embedder's handle on an instance's limits ----

const registry = new WeakMap<object, ExecLimits>();

/** Records `limits` under the objects an embedder holds for the instance (instance, exports). */
export function registerLimits(keys: readonly object[], limits: ExecLimits | undefined): void {
  if (limits !== undefined) for (const k of keys) registry.set(k, limits);
}

function limitsOf(instance: unknown, what: string): ExecLimits {
  const l = (typeof instance === 'object' || typeof instance === 'function') && instance !== null ? registry.get(instance) : undefined;
  if (l === undefined) throw new TypeError(`${what}: not an instance created with limits`);
  return l;
}

/**
 * The fuel an instance created with limits has left (Infinity without a fuel limit): given a
 * core Instance object (the JS API's), a component instance, or either's exports object.
 */
export function getFuel(instance: object): number {
  return limitsOf(instance, 'getFuel').fuelLeft(machine());
}

/** What an instance's limits have refused so far (for an embedder's report; the guest only saw -1). */
export interface LimitStats {
  /** Fuel left (Infinity without a fuel limit). */
  readonly fuel: number;
  readonly memoryGrowDenied: number;
  readonly tableGrowDenied: number;
}

export function getLimitStats(instance: object): LimitStats {
  const l = limitsOf(instance, 'getLimitStats');
  return { fuel: l.fuelLeft(machine()), memoryGrowDenied: l.memoryGrowDenied, tableGrowDenied: l.tableGrowDenied };
}

/** Sets the fuel an instance created with limits has left (also from a host function while it runs). */
export function setFuel(instance: object, fuel: number): void {
  limitsOf(instance, 'setFuel').setFuel(machine(), fuel);
}
