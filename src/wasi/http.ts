// `wasi:http`: this host sends no requests. Spec: WASI 0.2 wasi-http types.wit and handler.wit.
// A guest can build requests and responses as the interface describes — `fields` (headers with
// RFC 9110 syntax checks and immutability), `outgoing-request`, `request-options`,
// `outgoing-response`, `outgoing-body` — but `outgoing-handler.handle` answers with the
// interface's own `error-code::internal-error("…not supported…")`, so the guest sees a failed
// request, never a trap.
//
// Incoming requests, responses, bodies, trailers and response-outparams come only from a
// host that serves or sends HTTP; this one makes none, so those resources exist as types only
// (their static functions are present for linking and can never be called with a live handle).

import { ComponentError } from '../component/errors.js';
import { RuntimeError } from '../core/errors.js';
import { DiscardSink } from './io/bytes.js';
import { OutputStream } from './io/streams.js';

type Method = { tag: string; val?: string };
type Scheme = { tag: 'HTTP' | 'HTTPS' } | { tag: 'other'; val: string };
type HeaderError = { tag: 'invalid-syntax' | 'forbidden' | 'immutable' };

function headerError(tag: HeaderError['tag']): never {
  throw new ComponentError({ tag }, `header-error: ${tag}`);
}

/** `result` without payloads: err. */
function refuse(message: string): never {
  throw new ComponentError(undefined, message);
}

/** RFC 9110 §5.6.2 token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkName(name: string): void {
  if (typeof name !== 'string' || !TOKEN.test(name)) headerError('invalid-syntax');
}

function checkValue(value: Uint8Array): void {
  if (!(value instanceof Uint8Array)) headerError('invalid-syntax');
  for (const b of value) if (b === 0 || b === 10 || b === 13) headerError('invalid-syntax');
}

export class Fields {
  #entries: [string, Uint8Array][];
  #immutable: boolean;

  constructor() {
    this.#entries = [];
    this.#immutable = false;
  }

  static fromList(entries: [string, Uint8Array][]): Fields {
    const f = new Fields();
    for (const [name, value] of entries) {
      checkName(name);
      checkValue(value);
      f.#entries.push([name, value.slice()]);
    }
    return f;
  }

  /** An immutable view of `source`'s entries (the headers of a request or response). */
  static immutable(source: Fields): Fields {
    const f = new Fields();
    f.#entries = source.#entries;
    f.#immutable = true;
    return f;
  }

  #mutable(): void {
    if (this.#immutable) headerError('immutable');
  }

  get(name: string): Uint8Array[] {
    const key = name.toLowerCase();
    return this.#entries.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v.slice());
  }

  has(name: string): boolean {
    const key = name.toLowerCase();
    return this.#entries.some(([n]) => n.toLowerCase() === key);
  }

  set(name: string, values: Uint8Array[]): void {
    this.#mutable();
    checkName(name);
    for (const v of values) checkValue(v);
    const key = name.toLowerCase();
    this.#entries = this.#entries.filter(([n]) => n.toLowerCase() !== key);
    for (const v of values) this.#entries.push([name, v.slice()]);
  }

  delete(name: string): void {
    this.#mutable();
    checkName(name);
    const key = name.toLowerCase();
    this.#entries = this.#entries.filter(([n]) => n.toLowerCase() !== key);
  }

  append(name: string, value: Uint8Array): void {
    this.#mutable();
    checkName(name);
    checkValue(value);
    this.#entries.push([name, value.slice()]);
  }

  entries(): [string, Uint8Array][] {
    return this.#entries.map(([n, v]) => [n, v.slice()]);
  }

  clone(): Fields {
    const f = new Fields();
    f.#entries = this.entries();
    return f;
  }
}

export class OutgoingBody {
  #stream = false;

  /** "Returns a stream for writing the body contents" (once). What is written goes nowhere. */
  write(): OutputStream {
    if (this.#stream) refuse('outgoing-body.write: the stream was already taken');
    this.#stream = true;
    return new OutputStream(new DiscardSink());
  }

  static finish(_body: OutgoingBody, _trailers: Fields | undefined): void {}
}

function checkMethod(m: Method): Method {
  if (typeof m !== 'object' || m === null || typeof m.tag !== 'string') throw new TypeError('expected a method variant');
  if (m.tag === 'other' && (typeof m.val !== 'string' || !TOKEN.test(m.val))) refuse('invalid method');
  return m.tag === 'other' ? { tag: 'other', val: m.val! } : { tag: m.tag };
}

export class OutgoingRequest {
  #headers: Fields;
  #method: Method = { tag: 'get' };
  #pathWithQuery: string | undefined;
  #scheme: Scheme | undefined;
  #authority: string | undefined;
  #body = false;

  constructor(headers: Fields) {
    this.#headers = headers instanceof Fields ? headers : new Fields();
  }

  body(): OutgoingBody {
    if (this.#body) refuse('outgoing-request.body: the body was already taken');
    this.#body = true;
    return new OutgoingBody();
  }

  method(): Method {
    return { ...this.#method };
  }

  setMethod(method: Method): void {
    this.#method = checkMethod(method);
  }

  pathWithQuery(): string | undefined {
    return this.#pathWithQuery;
  }

  setPathWithQuery(p: string | undefined): void {
    if (p !== undefined && /[\s\0]/.test(p)) refuse('invalid path-with-query');
    this.#pathWithQuery = p;
  }

  scheme(): Scheme | undefined {
    return this.#scheme === undefined ? undefined : { ...this.#scheme };
  }

  setScheme(s: Scheme | undefined): void {
    if (s !== undefined && s.tag === 'other' && !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(s.val)) refuse('invalid scheme');
    this.#scheme = s;
  }

  authority(): string | undefined {
    return this.#authority;
  }

  setAuthority(a: string | undefined): void {
    if (a !== undefined && /[\s\0/?#@]/.test(a)) refuse('invalid authority');
    this.#authority = a;
  }

  headers(): Fields {
    return Fields.immutable(this.#headers);
  }
}

export class RequestOptions {
  #timeouts: Record<string, bigint | undefined> = {};
  connectTimeout(): bigint | undefined { return this.#timeouts.connect; }
  setConnectTimeout(d: bigint | undefined): void { this.#timeouts.connect = d; }
  firstByteTimeout(): bigint | undefined { return this.#timeouts.firstByte; }
  setFirstByteTimeout(d: bigint | undefined): void { this.#timeouts.firstByte = d; }
  betweenBytesTimeout(): bigint | undefined { return this.#timeouts.betweenBytes; }
  setBetweenBytesTimeout(d: bigint | undefined): void { this.#timeouts.betweenBytes = d; }
}

export class OutgoingResponse {
  #headers: Fields;
  #status = 200;
  #body = false;

  constructor(headers: Fields) {
    this.#headers = headers instanceof Fields ? headers : new Fields();
  }

  statusCode(): number {
    return this.#status;
  }

  setStatusCode(code: number): void {
    if (!(code >= 100 && code <= 599)) refuse('invalid status code');
    this.#status = code;
  }

  headers(): Fields {
    return Fields.immutable(this.#headers);
  }

  body(): OutgoingBody {
    if (this.#body) refuse('outgoing-response.body: the body was already taken');
    this.#body = true;
    return new OutgoingBody();
  }
}

function noInstances(what: string): never {
  throw new RuntimeError(`wasi:http: ${what} was called, but this host never creates that resource`);
}

export class IncomingRequest {}
export class IncomingResponse {}
export class FutureTrailers {}
export class FutureIncomingResponse {}
export class IncomingBody {
  static finish(): never {
    return noInstances('incoming-body.finish');
  }
}
export class ResponseOutparam {
  static set(): never {
    return noInstances('response-outparam.set');
  }
}

export function httpInterfaces(): Record<string, object> {
  return {
    'wasi:http/types': {
      Fields, OutgoingRequest, RequestOptions, OutgoingResponse, OutgoingBody,
      IncomingRequest, IncomingResponse, IncomingBody, FutureTrailers, FutureIncomingResponse, ResponseOutparam,
      httpErrorCode: (): undefined => undefined,
    },
    'wasi:http/outgoing-handler': {
      handle(_request: OutgoingRequest, _options: RequestOptions | undefined): never {
        throw new ComponentError({ tag: 'internal-error', val: 'wasi:http outgoing requests are not supported by this host' });
      },
    },
  };
}
