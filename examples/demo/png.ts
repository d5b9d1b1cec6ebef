// A small PNG reader and writer for the demo (PNG specification, 3rd edition, W3C 2025: §5
// datastream structure and CRC, §6 colour types, §7.3 / §9 filtering, §11.2 IHDR/PLTE/IDAT/IEND,
// §11.3.2 tRNS). zlib (de)compression is node's `node:zlib`; nothing here uses WebAssembly.
//
// decodePng reads 8-bit, non-interlaced images of every colour type (grey, RGB, palette, grey +
// alpha, RGBA, with tRNS) into RGBA; anything else is refused with a message naming it.
// encodePng writes 8 bits per sample, RGB when every pixel is opaque and RGBA otherwise, each row
// with the Paeth filter.

import { deflateSync, inflateSync } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(parts: readonly Uint8Array[]): number {
  let c = 0xffffffff;
  for (const p of parts) for (let i = 0; i < p.length; i++) c = CRC_TABLE[(c ^ p[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Samples per pixel by colour type. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function decodePng(data: Uint8Array): RgbaImage {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < 8 || SIGNATURE.some((b, i) => data[i] !== b)) throw new Error('not a PNG (bad signature)');
  let at = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  let palette: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  for (;;) {
    if (at + 12 > data.length) throw new Error('PNG cut short');
    const length = view.getUint32(at);
    const type = String.fromCharCode(...data.subarray(at + 4, at + 8));
    if (at + 12 + length > data.length) throw new Error(`PNG cut short in ${type}`);
    const body = data.subarray(at + 8, at + 8 + length);
    if (crc32([data.subarray(at + 4, at + 8), body]) !== view.getUint32(at + 8 + length)) throw new Error(`bad CRC in ${type}`);
    at += 12 + length;
    if (type === 'IHDR') {
      const h = new DataView(body.buffer, body.byteOffset, body.byteLength);
      width = h.getUint32(0);
      height = h.getUint32(4);
      const depth = body[8]!;
      colourType = body[9]!;
      if (depth !== 8) throw new Error(`unsupported bit depth ${depth} (this reader takes 8)`);
      if (CHANNELS[colourType] === undefined) throw new Error(`bad colour type ${colourType}`);
      if (body[12] !== 0) throw new Error('interlaced PNGs are not supported by this reader');
    } else if (type === 'PLTE') {
      palette = body;
    } else if (type === 'tRNS') {
      trns = body;
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
  }
  if (colourType < 0) throw new Error('PNG without IHDR');
  if (colourType === 3 && palette === undefined) throw new Error('palette PNG without PLTE');
  const channels = CHANNELS[colourType]!;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== (stride + 1) * height) throw new Error(`IDAT holds ${raw.length} bytes, expected ${(stride + 1) * height}`);

  // Undo the filters (§9.2), row by row, in place.
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1) + 1;
    const prev = row - stride - 1;
    const filter = raw[row - 1]!;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? raw[row + x - channels]! : 0;
      const b = y > 0 ? raw[prev + x]! : 0;
      const c = y > 0 && x >= channels ? raw[prev + x - channels]! : 0;
      const predictor = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : -1;
      if (predictor < 0) throw new Error(`bad filter type ${filter} in row ${y}`);
      raw[row + x] = (raw[row + x]! + predictor) & 0xff;
    }
  }

  const pixels = new Uint8Array(width * height * 4);
  const key = trns !== undefined && trns.length >= 2 ? trns : undefined;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = y * (stride + 1) + 1 + x * channels;
      const d = (y * width + x) * 4;
      let r: number, g: number, b: number, a = 255;
      switch (colourType) {
        case 0:
          r = g = b = raw[s]!;
          if (key && r === key[1]) a = 0;
          break;
        case 2:
          [r, g, b] = [raw[s]!, raw[s + 1]!, raw[s + 2]!];
          if (key && key.length >= 6 && r === key[1] && g === key[3] && b === key[5]) a = 0;
          break;
        case 3: {
          const i = raw[s]!;
          if (3 * i + 2 >= palette!.length) throw new Error(`palette index ${i} out of range`);
          [r, g, b] = [palette![3 * i]!, palette![3 * i + 1]!, palette![3 * i + 2]!];
          if (trns !== undefined && i < trns.length) a = trns[i]!;
          break;
        }
        case 4:
          r = g = b = raw[s]!;
          a = raw[s + 1]!;
          break;
        default:
          [r, g, b, a] = [raw[s]!, raw[s + 1]!, raw[s + 2]!, raw[s + 3]!];
      }
      pixels[d] = r;
      pixels[d + 1] = g;
      pixels[d + 2] = b;
      pixels[d + 3] = a;
    }
  }
  return { width, height, pixels };
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  const name = Uint8Array.from(type, (ch) => ch.charCodeAt(0));
  view.setUint32(0, body.length);
  out.set(name, 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32([name, body]));
  return out;
}

export function encodePng(img: RgbaImage): Uint8Array {
  const { width, height, pixels } = img;
  if (width <= 0 || height <= 0 || pixels.length !== width * height * 4) {
    throw new Error(`cannot encode a ${width}x${height} image from ${pixels.length} bytes`);
  }
  let opaque = true;
  for (let i = 3; i < pixels.length && opaque; i += 4) opaque = pixels[i] === 255;
  const channels = opaque ? 3 : 4;
  const ihdr = new Uint8Array(13);
  const h = new DataView(ihdr.buffer);
  h.setUint32(0, width);
  h.setUint32(4, height);
  ihdr.set([8, opaque ? 2 : 6, 0, 0, 0], 8); // 8-bit RGB/RGBA, deflate, adaptive filtering, no interlace
  const stride = width * channels;
  const samples = opaque ? new Uint8Array(width * height * 3) : pixels;
  if (opaque) for (let p = 0, q = 0; p < pixels.length; p += 4, q += 3) samples.set(pixels.subarray(p, p + 3), q);
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    raw[row] = 4; // Paeth
    for (let x = 0; x < stride; x++) {
      const i = y * stride + x;
      const a = x >= channels ? samples[i - channels]! : 0;
      const b = y > 0 ? samples[i - stride]! : 0;
      const c = y > 0 && x >= channels ? samples[i - stride - channels]! : 0;
      raw[row + 1 + x] = (samples[i]! - paeth(a, b, c)) & 0xff;
    }
  }
  const parts = [SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))];
  return Uint8Array.from(Buffer.concat(parts));
}
