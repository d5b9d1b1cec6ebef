// The `wasi:io` interfaces. Spec: WASI 0.2 wasi-io error.wit, poll.wit, streams.wit (the
// resources are in error.ts, poll.ts and streams.ts of this folder).

import { IoError } from './error.js';
import { poll, Pollable } from './poll.js';
import { InputStream, OutputStream } from './streams.js';

export function ioInterfaces(): Record<string, object> {
  return {
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': { Pollable, poll },
    'wasi:io/streams': { InputStream, OutputStream },
  };
}
