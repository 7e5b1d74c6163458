import type { EmuResponse } from './http';
import { json, problem } from './http';

/** The error bodies X sends, copied from real responses (see /work/shared/x-api/README.md). */

export function unauthorized(): EmuResponse {
  return problem(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
}

export function forbidden(detail: string): EmuResponse {
  return problem(403, { title: 'Forbidden', type: 'about:blank', status: 403, detail });
}

export function tooManyRequests(): EmuResponse {
  return problem(429, { title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' });
}

export function notFound(detail: string): EmuResponse {
  return problem(404, { title: 'Not Found Error', type: 'about:blank', status: 404, detail });
}

export function unsupportedAuthentication(): EmuResponse {
  return problem(403, {
    title: 'Unsupported Authentication',
    detail:
      'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].',
    type: 'https://api.twitter.com/2/problems/unsupported-authentication',
    status: 403,
  });
}

export interface InvalidParam {
  message: string;
  parameters: Record<string, string[]>;
}

/** X's 400: one entry per offending parameter, `parameters` naming it with the value that was sent. */
export function invalidRequest(errors: InvalidParam[]): EmuResponse {
  return problem(400, {
    errors,
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
    status: 400,
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
  return problem(status, { title, type: 'about:blank', status, detail: title });
}

/** OAuth endpoints answer RFC 6749 style `{error, error_description}`. */
export function oauthError(status: number, error: string, description: string): EmuResponse {
  return json(status, { error, error_description: description });
}

/** Lookup misses inside a 200 (X's partial errors), e.g. an unknown user id. */
export function resourceNotFound(parameter: string, value: string, resourceType: 'user' | 'media' | 'tweet'): Record<string, unknown> {
  return {
    value,
    detail: `Could not find ${resourceType} with ${parameter}: [${value}].`,
    title: 'Not Found Error',
    resource_type: resourceType,
    parameter,
    resource_id: value,
    type: 'https://api.twitter.com/2/problems/resource-not-found',
  };
}
