import type { DmMediaBytes, ListEventsParams } from '../dmApi';
import { ENDPOINTS } from '../endpointKeys';
import { InvalidInputError, InvalidRequestError, NetworkError, NotFoundError, SchemaDriftError, isXApiError } from '../errors';
import { dmEventQuery } from '../fields';
import type { ApiResponse, HttpCore } from '../http';
import type { DmEvent, DmEventType } from '../schemas/dmEvent';
import type { DmEventsPage, SendResult } from '../schemas/dmEvents';
import type { EndpointKey, OutgoingMessage } from '../model';
import type { Includes, PartialError } from '../schemas/common';
import { parseResponse } from '../schemas/common';
import { DeleteResultSchema, DmEventSchema, DmEventsPageSchema, SendResultSchema, salvageSendResult } from '../schemas/dmEvents';
import { checkConversationId, checkGroupParticipants, checkId, checkMessage } from '../validateInput';

/** The 8 DM operations and the DM media download. Ids are validated before they are put into a path. */
const EVENT_TYPES: ReadonlySet<DmEventType> = new Set(['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave']);
const RESOURCE_ID_PATTERN = /^[a-zA-Z0-9_.-]{1,50}$/;

export function listDmEvents(http: HttpCore, params: ListEventsParams = {}): Promise<DmEventsPage> {
  return listEvents(http, ENDPOINTS.listDmEvents, '2/dm_events', params);
}

export function listConversationEvents(http: HttpCore, conversationId: string, params: ListEventsParams = {}): Promise<DmEventsPage> {
  const id = checkConversationId(conversationId);
  return listEvents(http, ENDPOINTS.listConversationEvents, `2/dm_conversations/${id}/dm_events`, params);
}

export function listEventsWithParticipant(http: HttpCore, participantId: string, params: ListEventsParams = {}): Promise<DmEventsPage> {
  const id = checkId('participantId', participantId);
  return listEvents(http, ENDPOINTS.listEventsWithParticipant, `2/dm_conversations/with/${id}/dm_events`, params);
}

async function listEvents(http: HttpCore, endpoint: EndpointKey, path: string, params: ListEventsParams): Promise<DmEventsPage> {
  const maxResults = params.maxResults ?? 100;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw new InvalidInputError('maxResults', 'the page size must be 1–100');
  }
  if (params.paginationToken !== undefined && (typeof params.paginationToken !== 'string' || params.paginationToken === '')) {
    throw new InvalidInputError('paginationToken', 'the page token is empty');
  }
  const eventTypes = params.eventTypes ? [...new Set(params.eventTypes)] : undefined;
  if (eventTypes && (eventTypes.length === 0 || eventTypes.some((t) => !EVENT_TYPES.has(t)))) {
    throw new InvalidInputError('eventTypes', 'unknown event type');
  }
  const response = await http.send({
    method: 'GET',
    endpoint,
    path,
    query: {
      max_results: maxResults,
      pagination_token: params.paginationToken,
      event_types: eventTypes,
      ...dmEventQuery(),
    },
    signal: params.signal,
    expect: 'json',
  });
  return parseResponse(DmEventsPageSchema, response.json, endpoint);
}

export async function getDmEvent(
  http: HttpCore,
  eventId: string,
): Promise<{ event: DmEvent; includes: Includes; partialErrors: PartialError[] }> {
  const id = checkId('eventId', eventId);
  const endpoint = ENDPOINTS.getDmEvent;
  const response = await http.send({ method: 'GET', endpoint, path: `2/dm_events/${id}`, query: dmEventQuery(), expect: 'json' });
  const body = parseResponse(DmEventSchema, response.json, endpoint);
  if (!body.event) {
    const problem = body.partialErrors[0];
    if (problem) throw new NotFoundError('Not found', { endpoint, status: 200, detail: problem.detail ?? problem.title });
    throw new SchemaDriftError('data', 'missing', { endpoint, status: 200 });
  }
  return { event: body.event, includes: body.includes, partialErrors: body.partialErrors };
}

export async function deleteDmEvent(http: HttpCore, eventId: string): Promise<void> {
  const id = checkId('eventId', eventId);
  const endpoint = ENDPOINTS.deleteDmEvent;
  const response = await http.send({ method: 'DELETE', endpoint, path: `2/dm_events/${id}`, expect: 'json' });
  if (response.status === 204) return; // X documents 204 No Content as a DELETE success
  const body = parseResponse(DeleteResultSchema, response.json, endpoint);
  if (body.data?.deleted !== true) {
    const problem = body.errors?.[0];
    throw new InvalidRequestError('event_id', { endpoint, status: response.status, detail: problem?.detail ?? 'X did not delete the message' });
  }
}

export async function sendToConversation(http: HttpCore, conversationId: string, message: OutgoingMessage): Promise<SendResult> {
  const id = checkConversationId(conversationId);
  const json = checkMessage(message);
  return send(http, ENDPOINTS.sendToConversation, `2/dm_conversations/${id}/messages`, json);
}

export async function sendToParticipant(http: HttpCore, participantId: string, message: OutgoingMessage): Promise<SendResult> {
  const id = checkId('participantId', participantId);
  const json = checkMessage(message);
  return send(http, ENDPOINTS.sendToParticipant, `2/dm_conversations/with/${id}/messages`, json);
}

export async function createGroupConversation(http: HttpCore, participantIds: string[], message: OutgoingMessage): Promise<SendResult> {
  const participant_ids = checkGroupParticipants(participantIds);
  const json = { conversation_type: 'Group', participant_ids, message: checkMessage(message) };
  return send(http, ENDPOINTS.createGroup, '2/dm_conversations', json);
}

/**
 * Any 2xx means X took the message, so a body that does not fit (or is not JSON at all) still resolves: the ids
 * that could be read, and `unreadable` for the log. Failing here would offer a retry that sends a second copy.
 */
async function send(http: HttpCore, endpoint: EndpointKey, path: string, json: unknown): Promise<SendResult> {
  let response: ApiResponse;
  try {
    response = await http.send({ method: 'POST', endpoint, path, json, expect: 'json' });
  } catch (error) {
    const answered2xx = isXApiError(error) && error.status !== undefined && error.status >= 200 && error.status <= 299;
    // A body that does not parse, or that the connection cut off after a 2xx status line: X took the message.
    if (answered2xx && (error instanceof SchemaDriftError || (error instanceof NetworkError && error.answerCutOff))) {
      return salvageSendResult(undefined, error.message);
    }
    throw error;
  }
  try {
    return parseResponse(SendResultSchema, response.json, endpoint);
  } catch (error) {
    if (!(error instanceof SchemaDriftError)) throw error;
    return salvageSendResult(response.json, error.message);
  }
}

export async function downloadDmMedia(http: HttpCore, dmEventId: string, mediaId: string, resourceId: string): Promise<DmMediaBytes> {
  const dm = checkId('dmEventId', dmEventId);
  const media = checkId('mediaId', mediaId);
  if (typeof resourceId !== 'string' || !RESOURCE_ID_PATTERN.test(resourceId)) {
    throw new InvalidInputError('resourceId', 'the media resource id is not valid');
  }
  const response = await http.send({
    method: 'GET',
    endpoint: ENDPOINTS.downloadDmMedia,
    path: `2/dm_conversations/media/${dm}/${media}/${resourceId}`,
    expect: 'bytes',
  });
  const bytes = response.bytes ?? new Uint8Array();
  const declared = response.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
  // The spec declares application/octet-stream; the webview needs the real image type to show it.
  const contentType = declared && declared !== 'application/octet-stream' ? declared : sniffType(bytes) ?? typeFromName(resourceId);
  return { bytes, contentType };
}

function sniffType(bytes: Uint8Array): string | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  if (bytes[4] === 0x66 && bytes[5] === 0x74 && bytes[6] === 0x79 && bytes[7] === 0x70) return 'video/mp4';
  return undefined;
}

function typeFromName(resourceId: string): string {
  const ext = resourceId.split('.').pop()?.toLowerCase();
  const types: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', mp4: 'video/mp4' };
  return (ext && types[ext]) || 'application/octet-stream';
}
