import type { EmuResponse } from './http';
import { json, problem } from './http';

/**
 * The error bodies X sends, copied from real responses (see /work/shared/x-api/README.md), with two additions:
 * - `type` URIs are on api.x.com, as in the 2.167 document (and X's Python SDK); 2.166's open Problem accepts them.
 * - every body also carries the legacy `Error` members `code` (the HTTP status) and `message` (the detail): the
 *   spec's `default` response lists `Error` (application/json) first, and validators that ignore the `+json`
 *   suffix (Prism) check every error body against it.
 */

const PROBLEMS = 'https://api.x.com/2/problems';

function xProblem(status: number, fields: { title: string; type: string; detail: string } & Record<string, unknown>): EmuResponse {
  return problem(status, { ...fields, status, code: status, message: fields.detail });
}

export function unauthorized(): EmuResponse {
  return xProblem(401, { title: 'Unauthorized', type: 'about:blank', detail: 'Unauthorized' });
}

export function forbidden(detail: string): EmuResponse {
  return xProblem(403, { title: 'Forbidden', type: 'about:blank', detail });
}

/**
 * A 1:1 DM refused because one side DM-blocked the other. X answers refusals about a named user with the
 * not-authorized-for-resource Problem; carrying 2.166's required members (`value`, `resource_id`, `resource_type`,
 * `section`, `parameter`) as well as 2.167's (`detail`, `resource_type`), it validates in both documents.
 */
export function dmBlocked(recipientId: string, parameter: string): EmuResponse {
  return xProblem(403, {
    title: 'Forbidden',
    type: `${PROBLEMS}/not-authorized-for-resource`,
    detail: 'You cannot send messages to this user.',
    resource_type: 'user',
    resource_id: recipientId,
    value: recipientId,
    section: 'data',
    parameter,
  });
}

export function tooManyRequests(): EmuResponse {
  return xProblem(429, { title: 'Too Many Requests', type: 'about:blank', detail: 'Too Many Requests' });
}

export function notFound(detail: string): EmuResponse {
  return xProblem(404, { title: 'Not Found Error', type: 'about:blank', detail });
}

const APP_ONLY_REFUSED =
  'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].';

export function unsupportedAuthentication(detail = APP_ONLY_REFUSED): EmuResponse {
  return xProblem(403, { title: 'Unsupported Authentication', detail, type: `${PROBLEMS}/unsupported-authentication` });
}

export interface InvalidParam {
  message: string;
  parameters: Record<string, string[]>;
}

/** X's 400: one entry per offending parameter, `parameters` naming it with the value that was sent. */
export function invalidRequest(errors: InvalidParam[]): EmuResponse {
  return xProblem(400, {
    errors,
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: `${PROBLEMS}/invalid-request`,
  });
}

export function genericStatus(status: number): EmuResponse {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  const title = titles[status] ?? 'Error';
  return xProblem(status, { title, type: 'about:blank', detail: title });
}

/** OAuth endpoints answer RFC 6749 style `{error, error_description}`. */
export function oauthError(status: number, error: string, description: string): EmuResponse {
  return json(status, { error, error_description: description });
}

/** Lookup misses inside a 200 (X's partial errors), e.g. an unknown user id or a deleted post. */
export function resourceNotFound(parameter: string, value: string, resourceType: 'user' | 'media' | 'tweet' | 'post'): Record<string, unknown> {
  return {
    value,
    detail: `Could not find ${resourceType} with ${parameter}: [${value}].`,
    title: 'Not Found Error',
    resource_type: resourceType,
    parameter,
    resource_id: value,
    type: `${PROBLEMS}/resource-not-found`,
  };
}
