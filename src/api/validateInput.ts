import { InvalidInputError } from './errors';
import type { OutgoingMessage } from './model';
import { CONVERSATION_ID_PATTERN, ID_PATTERN, USERNAME_PATTERN } from '../dm/model/ids';
import { MAX_DM_TEXT_LENGTH, dmTextLength } from '../dm/model/limits';

/**
 * Checks done before any request is built, so invalid input never reaches the network (or the user's budget).
 *
 * Text rule (counted by `dm/model/limits.ts`, shared with the composer): the text is normalised to NFC and sent exactly as typed —
 * leading/trailing whitespace is kept because pasted code keeps its indentation — but text that is empty or only
 * whitespace counts as no text. Its length is counted in Unicode code points of the NFC form (what a person sees
 * as characters, emoji count once per code point) and must be 1–10,000.
 */
export const MIN_GROUP_PARTICIPANTS = 2;
export const MAX_GROUP_PARTICIPANTS = 49;

export function checkId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) throw new InvalidInputError(field, 'the id is not a valid X id');
  return value;
}

export function checkConversationId(value: unknown): string {
  if (typeof value !== 'string' || !CONVERSATION_ID_PATTERN.test(value)) {
    throw new InvalidInputError('conversationId', 'the conversation id is not a valid X conversation id');
  }
  return value;
}

export function checkUsername(value: unknown): string {
  if (typeof value !== 'string' || !USERNAME_PATTERN.test(value)) {
    throw new InvalidInputError('usernames', 'a username must be 1–15 letters, digits or underscores');
  }
  return value;
}

export interface MessageBody {
  text?: string;
  attachments?: { media_id: string }[];
}

/** Validates an outgoing message and returns the JSON body X expects (`CreateMessageRequest`). */
export function checkMessage(message: OutgoingMessage): MessageBody {
  if (typeof message !== 'object' || message === null) throw new InvalidInputError('message', 'the message is empty');
  const extra = (message as { mediaIds?: unknown }).mediaIds;
  if (Array.isArray(extra) && extra.length > 1) {
    throw new InvalidInputError('mediaId', 'X allows at most one attachment per message');
  }
  const body: MessageBody = {};
  if (message.text !== undefined) {
    if (typeof message.text !== 'string') throw new InvalidInputError('text', 'the text is not text');
    const text = message.text.normalize('NFC');
    if (text.trim() !== '') {
      const length = dmTextLength(text);
      if (length > MAX_DM_TEXT_LENGTH) {
        throw new InvalidInputError('text', `the message is ${length} characters long; X allows at most ${MAX_DM_TEXT_LENGTH}`);
      }
      body.text = text;
    }
  }
  if (message.mediaId !== undefined) body.attachments = [{ media_id: checkId('mediaId', message.mediaId) }];
  if (body.text === undefined && body.attachments === undefined) {
    throw new InvalidInputError('text', 'the message has no text and no attachment');
  }
  return body;
}

export function checkGroupParticipants(ids: readonly string[]): string[] {
  if (!Array.isArray(ids)) throw new InvalidInputError('participantIds', 'participants must be a list of ids');
  const checked = ids.map((id) => checkId('participantIds', id));
  if (new Set(checked).size !== checked.length) {
    throw new InvalidInputError('participantIds', 'the same person is listed twice');
  }
  if (checked.length < MIN_GROUP_PARTICIPANTS || checked.length > MAX_GROUP_PARTICIPANTS) {
    throw new InvalidInputError(
      'participantIds',
      `a group needs ${MIN_GROUP_PARTICIPANTS}–${MAX_GROUP_PARTICIPANTS} participants, not ${checked.length}`,
    );
  }
  return checked;
}
