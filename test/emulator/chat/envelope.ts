import { TType, readStruct, stringField, struct, structField } from './thrift';

/**
 * X Chat's event envelope (Thrift `MessageEvent`), as the server builds it around what clients post: sequence id
 * (1), message id (2), sender (3), conversation id `A:B` (4), created-at ms (6), the event detail union (7: a
 * message create at 1, a conversation-key change at 3) and the sender's signature (9). The server signs nothing:
 * the signature is the client's, over the ids and the detail, so a changed byte anywhere fails verification.
 */

const F = { sequenceId: 1, messageId: 2, senderId: 3, conversationId: 4, createdAt: 6, detail: 7, signature: 9 } as const;
const DETAIL = { messageCreate: 1, keyChange: 3 } as const;

export interface EnvelopeMeta {
  sequenceId: string;
  messageId: string;
  senderId: string;
  /** The envelope form, `A:B` for a 1:1 (see ids.ts). */
  conversationId: string;
  createdAtMs: number;
}

export interface Envelope extends EnvelopeMeta {
  kind: 'message' | 'keyChange' | 'other';
  /** The detail union's bytes and the signature struct's bytes, as posted. */
  detail: Buffer;
  signature?: Buffer;
}

function frame(meta: EnvelopeMeta, detailUnion: Buffer, signature: Buffer): string {
  return struct([
    stringField(F.sequenceId, meta.sequenceId),
    stringField(F.messageId, meta.messageId),
    stringField(F.senderId, meta.senderId),
    stringField(F.conversationId, meta.conversationId),
    stringField(F.createdAt, String(meta.createdAtMs)),
    structField(F.detail, detailUnion),
    structField(F.signature, signature),
  ]).toString('base64');
}

/** Wraps a posted `MessageCreateEvent` and `MessageEventSignature` (both Thrift structs) into an event. */
export function wrapMessageCreate(meta: EnvelopeMeta, createEvent: Buffer, signature: Buffer): string {
  return frame(meta, struct([structField(DETAIL.messageCreate, createEvent)]), signature);
}

/** Wraps a key change: the client posts the whole detail union; the server builds the signature struct. */
export function wrapKeyChange(meta: EnvelopeMeta, detailUnion: Buffer, sig: { signature: string; publicKeyVersion: string; signatureVersion: string }): string {
  const signature = struct([stringField(1, sig.signature), stringField(2, sig.publicKeyVersion), stringField(3, sig.signatureVersion)]);
  return frame(meta, detailUnion, signature);
}

/** True when `bytes` is one well-formed Thrift struct (what the API accepts as an encoded event part). */
export function isStruct(bytes: Buffer): boolean {
  try {
    readStruct(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The detail union's single member id (1 message create, 3 key change), or undefined when it is not a union. */
export function detailKind(detailUnion: Buffer): number | undefined {
  try {
    const fields = readStruct(detailUnion);
    return fields.length === 1 && fields[0]?.type === TType.struct ? fields[0].id : undefined;
  } catch {
    return undefined;
  }
}

/** Reads an envelope back (tests, idempotent re-sends); throws on anything that is not one. */
export function unwrap(encoded: string): Envelope {
  const fields = readStruct(Buffer.from(encoded, 'base64'));
  const text = (id: number): string => fields.find((f) => f.id === id && f.type === TType.string)?.value.toString('utf8') ?? '';
  const detail = fields.find((f) => f.id === F.detail)?.value;
  if (!detail) throw new Error('envelope without detail');
  const kind = detailKind(detail);
  return {
    sequenceId: text(F.sequenceId),
    messageId: text(F.messageId),
    senderId: text(F.senderId),
    conversationId: text(F.conversationId),
    createdAtMs: Number(text(F.createdAt)),
    kind: kind === DETAIL.messageCreate ? 'message' : kind === DETAIL.keyChange ? 'keyChange' : 'other',
    detail,
    signature: fields.find((f) => f.id === F.signature)?.value,
  };
}

export const DETAIL_KIND = DETAIL;
