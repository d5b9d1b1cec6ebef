// The workload every sandbox test runs (issue 8), as a plain ES2022 script with no imports and no
// host globals beyond the ECMAScript ones (no TextEncoder, atob, crypto, console): it runs
// unchanged in a node vm context, node --jitless, QuickJS, an SES Compartment and a CSP page.
// It defines two functions:
//   sandboxWorkload(api, runCli, input) → result object: calls the image-service component's
//     exports (`api`, jco shape) and runs the WASI command cases through `runCli`;
//   sandboxRun(purewasm, inputJson) → JSON text of sandboxWorkload's result, with `api` and
//     `runCli` made from the purewasm bundle (compileComponent, runCommand, MemoryFileSystem).
// The test computes the same result natively (jco + the host's WebAssembly for the image
// component, expected.json for the command) and compares the two JSON texts.
// Input JSON: { imageService: b64, cli: b64, files: {name: b64}, images: [{name, width, height,
// pixels: b64}], ops: {name: operation}, cliCases: [{name, args, env, stdin, preopen?}] }.

var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function fromBase64(s) {
  var map = {};
  for (var i = 0; i < 64; i++) map[B64[i]] = i;
  var clean = s.replace(/=+$/, '');
  var out = new Uint8Array((clean.length * 3) >> 2);
  var bits = 0, acc = 0, o = 0;
  for (var k = 0; k < clean.length; k++) {
    acc = (acc << 6) | map[clean[k]];
    bits += 6;
    if (bits >= 8) { bits -= 8; out[o++] = (acc >> bits) & 255; }
  }
  return out;
}

function toBase64(bytes) {
  var parts = [];
  for (var i = 0; i < bytes.length; i += 3) {
    var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
    parts.push(B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? B64[n & 63] : '='));
  }
  return parts.join('');
}

/** A JSON-safe copy: bigints as {bigint}, byte arrays as {bytes: base64}. */
function plain(v) {
  if (typeof v === 'bigint') return { bigint: String(v) };
  if (v instanceof Uint8Array || (v !== null && typeof v === 'object' && ArrayBuffer.isView(v))) return { bytes: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    var o = {};
    Object.keys(v).sort().forEach(function (k) { o[k] = plain(v[k]); });
    return o;
  }
  return v === undefined ? null : v;
}

/** Decodes UTF-8 (well-formed input; the command's output is checked byte-exact through this). */
function utf8(bytes) {
  var s = '';
  for (var i = 0; i < bytes.length; i++) s += '%' + (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return decodeURIComponent(s);
}

function utf8Bytes(s) {
  var e = encodeURIComponent(s), out = [];
  for (var i = 0; i < e.length; i++) {
    if (e[i] === '%') { out.push(parseInt(e.substr(i + 1, 2), 16)); i += 2; } else out.push(e.charCodeAt(i));
  }
  return Uint8Array.from(out);
}

function sandboxWorkload(makeApi, runCli, input) {
  var logs = [];
  var api = makeApi(function (level, message) { logs.push([level, message]); });
  function call(f) {
    logs = [];
    try {
      return { ok: plain(f()), logs: logs };
    } catch (e) {
      if (e !== null && typeof e === 'object' && 'payload' in e) return { err: plain(e.payload), logs: logs };
      api = makeApi(function (level, message) { logs.push([level, message]); });
      return { trap: true, logs: logs };
    }
  }
  var out = { extract: {}, detect: {}, apply: {}, applyAll: {}, applyBatch: {}, cli: {} };
  Object.keys(input.files).sort().forEach(function (name) {
    var bytes = fromBase64(input.files[name]);
    out.extract[name] = call(function () { return api.metadata.extract(bytes); });
    out.detect[name] = call(function () { return api.metadata.detectFormat(bytes); });
  });
  var images = input.images.map(function (i) { return { width: i.width, height: i.height, pixels: fromBase64(i.pixels) }; });
  var opNames = Object.keys(input.ops).sort();
  input.images.forEach(function (i, k) {
    opNames.forEach(function (op) {
      out.apply[i.name + ' ' + op] = call(function () { return api.transform.apply(images[k], input.ops[op]); });
    });
    out.applyAll[i.name] = call(function () { return api.transform.applyAll(images[k], opNames.map(function (n) { return input.ops[n]; }).filter(function (o) { return o.tag !== 'crop'; })); });
  });
  opNames.forEach(function (op) {
    out.applyBatch[op] = call(function () { return api.transform.applyBatch(images, input.ops[op]); });
  });
  input.cliCases.forEach(function (c) { out.cli[c.name] = runCli(c); });
  return out;
}

/** Deterministic filler for wasi:random where the realm has no crypto.getRandomValues (QuickJS, SES). */
function fallbackRandom() {
  var x = 0x9e3779b9;
  return function (buf) {
    for (var i = 0; i < buf.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; buf[i] = x & 255; }
  };
}

function sandboxRun(purewasm, inputJson) {
  var input = JSON.parse(inputJson);
  var imageService = purewasm.compileComponent(fromBase64(input.imageService));
  var cli = purewasm.compileComponent(fromBase64(input.cli));
  var hasCrypto = typeof crypto === 'object' && crypto !== null && typeof crypto.getRandomValues === 'function';
  function makeApi(log) { return imageService.instantiate({ 'image-service:api/logging': { log: log } }).exports; }
  function runCli(c) {
    var stdout = [], stderr = [];
    var files = c.preopen !== undefined ? new purewasm.MemoryFileSystem({}) : undefined;
    if (files !== undefined) files.mkdir(c.preopen, { recursive: true });
    var options = {
      args: [input.argv0].concat(c.args), env: c.env, stdin: utf8Bytes(c.stdin),
      stdout: function (b) { stdout.push.apply(stdout, Array.from(b)); },
      stderr: function (b) { stderr.push.apply(stderr, Array.from(b)); },
    };
    if (files !== undefined) { options.fs = files; options.preopens = {}; options.preopens[c.preopen] = c.preopen; }
    if (!hasCrypto) options.randomBytes = fallbackRandom();
    var exit = purewasm.runCommand(cli, options);
    return { stdout: utf8(stdout), stderr: utf8(stderr), exit: exit };
  }
  return JSON.stringify(sandboxWorkload(makeApi, runCli, input));
}
