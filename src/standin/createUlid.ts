import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * Returns a ULID generator (26 chars of Crockford base32: 48-bit millisecond time, 80 random bits).
 * Monotonic: within one millisecond the random part is incremented, so ids sort in creation order
 * like LINE's `webhookEventId`.
 */
export function createUlid(now: () => number = Date.now): () => string {
  let lastTime = -1;
  let lastRandom = 0n;
  return () => {
    let time = Math.max(now(), lastTime);
    let random: bigint;
    if (time === lastTime) {
      random = lastRandom + 1n;
      if (random >= 1n << 80n) {
        time += 1; // overflow within one millisecond: borrow the next one
        random = 0n;
      }
    } else {
      random = BigInt(`0x${randomBytes(10).toString("hex")}`);
    }
    lastTime = time;
    lastRandom = random;
    let out = "";
    let t = BigInt(time);
    for (let i = 0; i < 10; i++) {
      out = CROCKFORD[Number(t & 31n)] + out;
      t >>= 5n;
    }
    let r = "";
    for (let i = 0; i < 16; i++) {
      r = CROCKFORD[Number(random & 31n)] + r;
      random >>= 5n;
    }
    return out + r;
  };
}
