// preview1 `args_*`, `environ_*`, `clock_*`, `random_get`, `poll_oneoff`, `proc_*`,
// `sched_yield` and `sock_*`. Spec: WebAssembly/WASI legacy/preview1/witx/wasi_snapshot_preview1.witx
// and typenames.witx. They draw on the same host state as WASI 0.2 (context.ts): arguments,
// environment, clocks, the random source; `proc_exit` throws WasiExit as `wasi:cli/exit` does.
// The CPU-time clocks count from the host's creation on the monotonic clock (no CPU accounting
// is available to a JS host). This host has no sockets: `sock_*` answer ENOTSUP.

import { WasiExit } from '../exit.js';
import { CLOCK, ERRNO, Errno, EVENTTYPE, SUBSCRIPTION_CLOCK_ABSTIME, utf8, type GuestMemory } from './abi.js';
import { readyBytes } from './fd.js';
import { errnoOf, syscall, type Preview1State } from './state.js';

const u32 = (v: number): number => v >>> 0;

/** Writes NUL-terminated strings and the pointer array (args_get, environ_get). */
function putStrings(m: GuestMemory, list: readonly string[], ptrs: number, buf: number): void {
  let at = buf;
  for (let i = 0; i < list.length; i++) {
    const bytes = utf8(list[i]!);
    m.setU32(ptrs + 4 * i, at);
    m.write(at, bytes);
    m.setU8(at + bytes.length, 0);
    at += bytes.length + 1;
  }
}

function putSizes(m: GuestMemory, list: readonly string[], countPtr: number, sizePtr: number): void {
  m.setU32(countPtr, list.length);
  m.setU32(sizePtr, list.reduce((n, s) => n + utf8(s).length + 1, 0));
}

interface Event {
  userdata: bigint;
  error: number;
  type: number;
  nbytes: bigint;
}

export function processFunctions(s: Preview1State): Record<string, (...args: never[]) => number> {
  const c = s.cx.clocks;
  const env = () => s.cx.env.map(([k, v]) => `${k}=${v}`);

  const now = (id: number): bigint => {
    switch (id) {
      case CLOCK.realtime: return c.wallNow();
      case CLOCK.monotonic: return c.monotonicNow();
      case CLOCK.process_cputime_id: case CLOCK.thread_cputime_id: return c.monotonicNow() - s.started;
      default: throw new Errno(ERRNO.inval, `unknown clock ${id}`);
    }
  };

  return {
    args_get: syscall((argv: number, buf: number) => putStrings(s.mem(), s.cx.args, u32(argv), u32(buf))),
    args_sizes_get: syscall((count: number, size: number) => putSizes(s.mem(), s.cx.args, u32(count), u32(size))),
    environ_get: syscall((environ: number, buf: number) => putStrings(s.mem(), env(), u32(environ), u32(buf))),
    environ_sizes_get: syscall((count: number, size: number) => putSizes(s.mem(), env(), u32(count), u32(size))),

    clock_res_get: syscall((id: number, out: number) => {
      const res = u32(id) === CLOCK.realtime ? c.wallResolution : (now(u32(id)), c.monotonicResolution);
      s.mem().setU64(u32(out), res);
    }),

    clock_time_get: syscall((id: number, _precision: bigint, out: number) => {
      s.mem().setU64(u32(out), now(u32(id)));
    }),

    random_get: syscall((buf: number, len: number) => {
      const m = s.mem();
      m.check(u32(buf), u32(len));
      const bytes = new Uint8Array(u32(len));
      s.cx.randomBytes(bytes);
      m.write(u32(buf), bytes);
    }),

    poll_oneoff: syscall((inPtr: number, outPtr: number, nsubs: number, neventsPtr: number) => {
      const m = s.mem();
      const n = u32(nsubs);
      if (n === 0) throw new Errno(ERRNO.inval, 'poll_oneoff with no subscriptions');
      m.check(u32(inPtr), 48 * n);
      m.check(u32(outPtr), 32 * n);
      const ready: Event[] = [];
      const clocks: { userdata: bigint; remaining: bigint }[] = [];
      for (let i = 0; i < n; i++) {
        const p = u32(inPtr) + 48 * i;
        const userdata = m.u64(p);
        const tag = m.u8(p + 8);
        if (tag === EVENTTYPE.clock) {
          const id = m.u32(p + 16);
          const timeout = m.u64(p + 24);
          const abs = (m.u16(p + 40) & SUBSCRIPTION_CLOCK_ABSTIME) !== 0;
          try {
            clocks.push({ userdata, remaining: abs ? timeout - now(id) : timeout });
          } catch (e) {
            ready.push({ userdata, error: errnoOf(e) ?? ERRNO.inval, type: tag, nbytes: 0n });
          }
        } else if (tag === EVENTTYPE.fd_read || tag === EVENTTYPE.fd_write) {
          let error: number = ERRNO.success;
          let nbytes = 0n;
          try {
            nbytes = readyBytes(s, m.u32(p + 16), tag === EVENTTYPE.fd_write);
          } catch (e) {
            const errno = errnoOf(e);
            if (errno === undefined) throw e;
            error = errno;
          }
          ready.push({ userdata, error, type: tag, nbytes });
        } else {
          ready.push({ userdata, error: ERRNO.inval, type: tag, nbytes: 0n });
        }
      }
      // Nothing ready yet: sleep until the first clock, which then fires.
      let fired = 0n;
      if (ready.length === 0) {
        fired = clocks.reduce((least, k) => (k.remaining < least ? k.remaining : least), clocks[0]!.remaining);
        if (fired > 0n) c.sleep(fired);
      }
      for (const k of clocks) if (k.remaining <= fired) ready.push({ userdata: k.userdata, error: 0, type: EVENTTYPE.clock, nbytes: 0n });
      const out = s.mem();
      ready.forEach((ev, i) => {
        const p = u32(outPtr) + 32 * i;
        out.bytes.fill(0, p, p + 32);
        out.setU64(p, ev.userdata);
        out.setU16(p + 8, ev.error);
        out.setU8(p + 10, ev.type);
        out.setU64(p + 16, ev.nbytes);
      });
      out.setU32(u32(neventsPtr), ready.length);
    }),

    proc_exit: (code: number): number => {
      throw new WasiExit(u32(code));
    },

    proc_raise: syscall((_sig: number) => {
      throw new Errno(ERRNO.nosys, 'signals are not supported');
    }),

    sched_yield: syscall(() => {}),

    sock_accept: syscall((fd: number) => notSocket(s, fd)),
    sock_recv: syscall((fd: number) => notSocket(s, fd)),
    sock_send: syscall((fd: number) => notSocket(s, fd)),
    sock_shutdown: syscall((fd: number) => notSocket(s, fd)),
  };
}

function notSocket(s: Preview1State, fd: number): never {
  s.fds.get(u32(fd));
  throw new Errno(ERRNO.notsup, 'this host has no sockets');
}
