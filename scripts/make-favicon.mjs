#!/usr/bin/env node
// Writes app/favicon.ico from the design of public/favicon.svg (a dark rounded square with an amber check):
// rasterised here at 32×32 (anti-aliased by 4×4 supersampling) and stored as a PNG inside an ICO container, so no
// image tool is needed. Run again after changing the design: `node scripts/make-favicon.mjs`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SIZE = 32;
const DARK = [0x0f, 0x17, 0x2a];
const AMBER = [0xf5, 0x9e, 0x0b];
const CHECK = [[9, 16.5], [14, 21.5], [23, 10.5]];
const STROKE = 3.5;

function insideRoundedSquare(x, y, r = 6) {
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

function pixel(x, y) {
  let [r, g, b, a] = [0, 0, 0, 0];
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const px = x + (sx + 0.5) / 4;
      const py = y + (sy + 0.5) / 4;
      if (!insideRoundedSquare(px, py)) continue;
      const onCheck = Math.min(distanceToSegment(px, py, CHECK[0], CHECK[1]), distanceToSegment(px, py, CHECK[1], CHECK[2])) <= STROKE / 2;
      const c = onCheck ? AMBER : DARK;
      r += c[0]; g += c[1]; b += c[2]; a += 255;
    }
  }
  const n = a / 255;
  return n === 0 ? [0, 0, 0, 0] : [Math.round(r / n), Math.round(g / n), Math.round(b / n), Math.round(a / 16)];
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png() {
  const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
  for (let y = 0; y < SIZE; y++) {
    raw[y * (1 + SIZE * 4)] = 0;
    for (let x = 0; x < SIZE; x++) Buffer.from(pixel(x, y)).copy(raw, y * (1 + SIZE * 4) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const image = png();
const ico = Buffer.alloc(22);
ico.writeUInt16LE(0, 0); // reserved
ico.writeUInt16LE(1, 2); // type: icon
ico.writeUInt16LE(1, 4); // one image
ico.set([SIZE, SIZE, 0, 0], 6); // width, height, palette, reserved
ico.writeUInt16LE(1, 10); // colour planes
ico.writeUInt16LE(32, 12); // bits per pixel
ico.writeUInt32LE(image.length, 14);
ico.writeUInt32LE(22, 18); // offset of the image
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
fs.writeFileSync(path.join(root, 'app', 'favicon.ico'), Buffer.concat([ico, image]));
