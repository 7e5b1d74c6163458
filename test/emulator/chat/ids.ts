/**
 * X Chat conversation ids come in two spellings: the API's (`A-B` for a 1:1, numerically smaller first, or `g…` for
 * a group) and the envelope's (`A:B`), which is what clients sign. A 1:1 may also be addressed by the other user's id.
 */
import { oneToOneConversationId } from '../ids';

export function restId(a: string, b: string): string {
  return oneToOneConversationId(a, b);
}

export function envelopeId(rest: string): string {
  return rest.startsWith('g') ? rest : rest.replace('-', ':');
}

/** The API id a request's path `{id}` names for `caller`: a conversation id, or the other user's id for a 1:1. */
export function resolvePathId(pathId: string, caller: string): string | undefined {
  if (pathId.startsWith('g') || pathId.includes('-')) return pathId;
  return pathId === caller ? undefined : restId(caller, pathId);
}
