// Reads a QR code from a PNG as a phone at the door would (jsQR), for the bot's own 8-bit
// greyscale PNGs (src/http/qrPng.ts): unfiltered rows, inflated with node's zlib.
import { inflateSync } from "node:zlib";
import jsQRPackage from "jsqr";

// A CommonJS package: its function is the module and also its `default`; TypeScript types the latter.
const jsQR = jsQRPackage.default;

export function readQr(png: Buffer): string | undefined {
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString("ascii", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 0) throw new Error("not an 8-bit greyscale PNG");
    }
    if (type === "IDAT") idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    if (raw[y * (width + 1)] !== 0) throw new Error("filtered rows are not read here");
    for (let x = 0; x < width; x++) {
      const v = raw[y * (width + 1) + 1 + x]!;
      rgba.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return jsQR(rgba, width, height)?.data;
}
