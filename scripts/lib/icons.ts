/**
 * Draws the toolbar icon (a speech-bubble-like rounded square with a "B") as PNG at build time, so the
 * repository holds no binary files. Plain RGBA, PNG encoded with zlib.
 */
import { deflateSync, crc32 } from 'node:zlib';

/** 5x7 glyph of the letter B. */
const GLYPH = ['1111.', '1...1', '1...1', '1111.', '1...1', '1...1', '1111.'];

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

export function iconPng(size: number): Buffer {
  const px = Buffer.alloc(size * size * 4);
  const r = size * 0.2;
  const cell = Math.max(1, Math.floor(size / 10));
  const gx = Math.floor((size - 5 * cell) / 2);
  const gy = Math.floor((size - 7 * cell) / 2);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      // Rounded square: distance to the inner rectangle.
      const dx = Math.max(r - x - 0.5, 0, x + 0.5 - (size - r));
      const dy = Math.max(r - y - 0.5, 0, y + 0.5 - (size - r));
      const inside = Math.hypot(dx, dy) <= r;
      if (!inside) continue;
      const gxCell = Math.floor((x - gx) / cell);
      const gyCell = Math.floor((y - gy) / cell);
      const ink = gxCell >= 0 && gxCell < 5 && gyCell >= 0 && gyCell < 7 && GLYPH[gyCell][gxCell] === '1';
      const [R, G, B] = ink ? [0x1a, 0x1a, 0x1a] : [0xff, 0xd3, 0x4d];
      px[i] = R;
      px[i + 1] = G;
      px[i + 2] = B;
      px[i + 3] = 255;
    }
  }
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) px.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
