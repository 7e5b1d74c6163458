import * as v from 'valibot';
import { CONVERSATION_ID_PATTERN, ID_PATTERN } from '../../dm/model/ids';

// One check per value instead of a pipe of two (string, then regex): a page of 100 events has ~300 ids, and the
// pipe's extra steps were a sixth of the page's validation time.
export const NumericId = matching(ID_PATTERN, 'not a numeric id');
export const ConversationId = matching(CONVERSATION_ID_PATTERN, 'not a conversation id');

/** A string that matches `pattern`, as one valibot check. */
export function matching(pattern: RegExp, message: string): v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined> {
  return v.custom<string>((input) => typeof input === 'string' && pattern.test(input), message);
}
