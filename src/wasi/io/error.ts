// `wasi:io/error` `error` resource. Spec: WASI 0.2 wasi-io error.wit: an opaque error whose only
// operation is `to-debug-string`; interfaces that produce one may offer a function that extracts
// their own error code from it (`wasi:filesystem/types.filesystem-error-code`,
// `wasi:sockets/network.network-error-code`, `wasi:http/types.http-error-code`).

import type { ErrorCode } from '../fs/types.js';

export class IoError {
  readonly #message: string;
  /** The filesystem error code of a failed file stream operation (filesystem-error-code). */
  readonly filesystemCode: ErrorCode | undefined;
  constructor(message: string, filesystemCode?: ErrorCode) {
    this.#message = message;
    this.filesystemCode = filesystemCode;
  }

  toDebugString(): string {
    return this.#message;
  }
}
