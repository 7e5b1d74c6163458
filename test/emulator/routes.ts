import type { EmuContext } from './context';
import type { EmuRequest, EmuResponse } from './http';
import type { LimitClass } from './rateLimit';
import type { ParsedBody } from './validation';
import type { SecurityRequirement } from './auth/authenticate';
import { findOperation } from './spec';
import { getConversationEvents, getDmEventById, getDmEvents, getParticipantEvents } from './dm/read';
import { createGroup, deleteDmEvent, sendToConversation, sendToParticipant } from './dm/write';
import { getMe, getUserByUsername, getUsersByIds, getUsersByUsernames, setDmBlock } from './users';
import { append, download, finalize, initialize, oneShot, status } from './media';
import { CHAT_ROUTES } from './chat/routes';
import type { ApiVersion } from './spec';

/** The X API operations the emulator serves, each tied to its OpenAPI operation, scopes and rate-limit class. */

export type ApiHandler = (ctx: EmuContext, req: EmuRequest, userId: string, body: ParsedBody) => EmuResponse;

export interface ApiRoute {
  method: string;
  template: string;
  segments: string[];
  operationId: string;
  limit: LimitClass;
  security: SecurityRequirement;
  /** Users lookups also work with an app-only token (the handler then gets an empty user id). */
  handler: ApiHandler;
  /** Operations only one generation describes (X Chat: 2.167) are always answered in it. */
  generation?: ApiVersion;
}

function route(operationId: string, limit: LimitClass, handler: ApiHandler, generation?: ApiVersion): ApiRoute {
  const { path, method, op } = findOperation(operationId, generation);
  const oauth2 = op.security?.find((s) => 'OAuth2UserToken' in s)?.OAuth2UserToken ?? [];
  const appOnlyAllowed = op.security?.some((s) => 'BearerToken' in s) ?? false;
  const oauth1Allowed = op.security?.some((s) => 'UserToken' in s) ?? false;
  return { method, template: path, segments: path.split('/'), operationId, limit, security: { scopes: oauth2, appOnlyAllowed, oauth1Allowed }, handler, generation };
}

export const API_ROUTES: ApiRoute[] = [
  route('getDirectMessagesEvents', 'dmRead', getDmEvents),
  route('getDirectMessagesEventsById', 'dmRead', getDmEventById),
  route('deleteDirectMessagesEvents', 'dmDelete', deleteDmEvent),
  route('createDirectMessagesConversation', 'dmWrite', createGroup),
  route('createDirectMessagesByConversationId', 'dmWrite', sendToConversation),
  route('createDirectMessagesByParticipantId', 'dmWrite', sendToParticipant),
  route('getDirectMessagesEventsByConversationId', 'dmRead', getConversationEvents),
  route('getDirectMessagesEventsByParticipantId', 'dmRead', getParticipantEvents),
  route('dmConversationsMediaDownload', 'dmRead', download),
  route('blockUsersDms', 'dmBlock', setDmBlock(true)),
  route('unblockUsersDms', 'dmBlock', setDmBlock(false)),
  route('getUsersMe', 'usersMe', getMe),
  route('getUsersByIds', 'usersLookup', getUsersByIds),
  route('getUsersByUsernames', 'usersLookup', getUsersByUsernames),
  route('getUsersByUsername', 'usersLookup', getUserByUsername),
  route('getMediaUploadStatus', 'mediaUpload', status),
  route('mediaUpload', 'mediaUpload', oneShot),
  route('initializeMediaUpload', 'mediaUpload', initialize),
  route('appendMediaUpload', 'mediaUpload', append),
  route('finalizeMediaUpload', 'mediaUpload', finalize),
  ...CHAT_ROUTES.map(([operationId, limit, handler]) => route(operationId, limit, handler, '2.167')),
].sort((a, b) => literalCount(b) - literalCount(a));

function literalCount(r: ApiRoute): number {
  return r.segments.filter((s) => !s.startsWith('{')).length;
}

/** Finds the route for a method and path; literal segments win over parameters (`/with/...` before `/{id}/...`). */
export function matchRoute(method: string, path: string): { route: ApiRoute; params: Record<string, string> } | 'wrong-method' | undefined {
  const parts = path.split('/');
  let pathMatched = false;
  for (const r of API_ROUTES) {
    if (r.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const seg = r.segments[i] as string;
      const part = parts[i] as string;
      if (seg.startsWith('{')) {
        if (part === '') ok = false;
        else params[seg.slice(1, -1)] = safeDecode(part);
      } else if (seg !== part) ok = false;
    }
    if (!ok) continue;
    pathMatched = true;
    if (r.method === method) return { route: r, params };
  }
  return pathMatched ? 'wrong-method' : undefined;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part; // left as sent; the parameter's pattern check then rejects it with a 400
  }
}
