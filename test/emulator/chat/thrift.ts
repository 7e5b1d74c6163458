/**
 * The few pieces of Thrift's binary protocol X Chat's event envelope needs: string and struct fields to write, and a
 * reader that walks a struct's top-level fields (skipping anything nested) to check what clients post.
 * Spec: https://github.com/apache/thrift/blob/master/doc/specs/thrift-binary-protocol.md
 */

export const TType = { stop: 0, bool: 2, byte: 3, double: 4, i16: 6, i32: 8, i64: 10, string: 11, struct: 12, map: 13, set: 14, list: 15 } as const;

const STOP = Buffer.from([TType.stop]);

function header(type: number, id: number): Buffer {
  const h = Buffer.alloc(3);
  h[0] = type;
  h.writeInt16BE(id, 1);
  return h;
}

export function stringField(id: number, value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const len = Buffer.alloc(4);
  len.writeInt32BE(bytes.length);
  return Buffer.concat([header(TType.string, id), len, bytes]);
}

/** A struct-typed field whose value is already-encoded struct bytes (ending in their own stop byte). */
export function structField(id: number, structBytes: Buffer): Buffer {
  return Buffer.concat([header(TType.struct, id), structBytes]);
}

export function struct(fields: Buffer[]): Buffer {
  return Buffer.concat([...fields, STOP]);
}

export interface ThriftField {
  id: number;
  type: number;
  /** The field's encoded value (for strings: the content without the length prefix). */
  value: Buffer;
}

const FIXED: Record<number, number> = { [TType.bool]: 1, [TType.byte]: 1, [TType.i16]: 2, [TType.i32]: 4, [TType.i64]: 8, [TType.double]: 8 };
const MAX_DEPTH = 32;

/** Byte length of one value of `type` at `pos`; throws on truncated or malformed input. */
function valueLength(buf: Buffer, pos: number, type: number, depth: number): number {
  if (depth > MAX_DEPTH) throw new Error('nested too deep');
  const fixed = FIXED[type];
  if (fixed !== undefined) return need(buf, pos, fixed);
  if (type === TType.string) return 4 + need(buf, pos + 4, need(buf, pos, 4) && buf.readInt32BE(pos));
  if (type === TType.struct) return structLength(buf, pos, depth + 1);
  if (type === TType.list || type === TType.set) {
    need(buf, pos, 5);
    const elem = buf[pos] as number;
    const count = buf.readInt32BE(pos + 1);
    let len = 5;
    for (let i = 0; i < count; i++) len += valueLength(buf, pos + len, elem, depth + 1);
    return len;
  }
  if (type === TType.map) {
    need(buf, pos, 6);
    const [k, v] = [buf[pos] as number, buf[pos + 1] as number];
    const count = buf.readInt32BE(pos + 2);
    let len = 6;
    for (let i = 0; i < count; i++) {
      len += valueLength(buf, pos + len, k, depth + 1);
      len += valueLength(buf, pos + len, v, depth + 1);
    }
    return len;
  }
  throw new Error(`unknown thrift type ${type}`);
}

function need(buf: Buffer, pos: number, n: number): number {
  if (n < 0 || pos + n > buf.length) throw new Error('truncated');
  return n;
}

function structLength(buf: Buffer, start: number, depth: number): number {
  let pos = start;
  for (;;) {
    need(buf, pos, 1);
    const type = buf[pos] as number;
    if (type === TType.stop) return pos + 1 - start;
    need(buf, pos, 3);
    pos += 3 + valueLength(buf, pos + 3, type, depth);
  }
}

/** The top-level fields of one struct that must fill `buf` exactly; throws when it is not such a struct. */
export function readStruct(buf: Buffer): ThriftField[] {
  if (structLength(buf, 0, 0) !== buf.length) throw new Error('trailing bytes');
  const fields: ThriftField[] = [];
  let pos = 0;
  while (buf[pos] !== TType.stop) {
    const type = buf[pos] as number;
    const id = buf.readInt16BE(pos + 1);
    const len = valueLength(buf, pos + 3, type, 0);
    const raw = buf.subarray(pos + 3, pos + 3 + len);
    fields.push({ id, type, value: type === TType.string ? raw.subarray(4) : raw });
    pos += 3 + len;
  }
  return fields;
}
