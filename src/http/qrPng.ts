// A QR code as a PNG (LINE shows images only as PNG or JPEG): the matrix from qrcode-generator,
// written as an 8-bit greyscale PNG with node's own zlib. No canvas, no native code.
import { crc32, deflateSync } from "node:zlib";
import qrcode from "qrcode-generator";

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** `text` as a black-on-white QR code, `cell` pixels per module, with the 4-module quiet zone readers need. */
export function qrPng(text: string, cell = 8): Buffer {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  const modules = qr.getModuleCount();
  const margin = 4;
  const size = (modules + margin * 2) * cell;
  // Each row: a filter byte (0: none), then one byte per pixel (0 black, 255 white).
  const raw = Buffer.alloc((size + 1) * size, 255);
  for (let y = 0; y < size; y++) {
    raw[y * (size + 1)] = 0;
    const row = Math.floor(y / cell) - margin;
    if (row < 0 || row >= modules) continue;
    for (let x = 0; x < size; x++) {
      const col = Math.floor(x / cell) - margin;
      if (col >= 0 && col < modules && qr.isDark(row, col)) raw[y * (size + 1) + 1 + x] = 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}
