import * as v from 'valibot';
import { ConversationId, NumericId } from '../../api/schemas/ids';

/** Where a message goes: an existing conversation, a person (1:1), or the people of a new group. */
export const SendTargetSchema = v.union([
  v.object({ conversationId: ConversationId }),
  v.object({ participantId: NumericId }),
  v.object({ groupParticipantIds: v.array(NumericId) }),
]);
export type SendTarget = v.InferOutput<typeof SendTargetSchema>;
