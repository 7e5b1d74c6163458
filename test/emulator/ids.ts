/**
 * X-style identifiers. Event, media and group-conversation ids are snowflakes: (ms since the Twitter epoch) << 22 |
 * sequence, which makes them 19 decimal digits for any date after 2013 and time-ordered, so equal-length string
 * comparison equals numeric comparison (used by the store's binary searches).
 */
const TWITTER_EPOCH = 1288834974657n;

export class SnowflakeFactory {
  private last = 0n;

  next(ms: number): string {
    let id = (BigInt(Math.floor(ms)) - TWITTER_EPOCH) << 22n;
    if (id <= this.last) id = this.last + 1n;
    this.last = id;
    return id.toString().padStart(19, '0');
  }
}

export function snowflakeAt(ms: number, sequence: number): string {
  return (((BigInt(Math.floor(ms)) - TWITTER_EPOCH) << 22n) | BigInt(sequence & 0x3fffff)).toString().padStart(19, '0');
}

/** X's 1:1 conversation id: the two user ids joined by '-', numerically smaller first. */
export function oneToOneConversationId(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? `${a}-${b}` : `${b}-${a}`;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function unbase32(text: string): Buffer | undefined {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) return undefined;
    value = ((value << 5) | idx) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}
