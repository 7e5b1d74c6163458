import type { EndpointKey } from './model';

/**
 * Every failure `src/api` reports is one of these classes. `kind` is the discriminator callers switch on;
 * `userMessage` is plain English with an action (the host localises it); nothing here ever carries a token or
 * DM text. `mayHaveReachedServer` tells the outbox whether a failed send might still have taken effect at X: true
 * when the outcome is unknown (timeout or connection lost after sending, a 5xx), false when X clearly refused
 * (any 4xx, including 429) or the request never left (invalid input, exhausted budget, connection refused).
 */
export type XApiErrorKind =
  | 'rateLimited'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'invalidRequest'
  | 'server'
  | 'network'
  | 'timeout'
  | 'schemaDrift'
  | 'invalidInput'
  | 'cancelled';

export interface XApiErrorInit {
  endpoint?: EndpointKey;
  /** HTTP status when X answered. */
  status?: number;
  /** X's own `detail`/`message` (never DM text; X does not echo it). */
  detail?: string;
  mayHaveReachedServer?: boolean;
  cause?: unknown;
}

/** Marks an XApiError made by any bundle's copy of this module (extension.js and runtime.js each have one). */
const XAPI_ERROR: unique symbol = Symbol.for('xdm.XApiError');

export abstract class XApiError extends Error {
  readonly [XAPI_ERROR] = true;
  abstract readonly kind: XApiErrorKind;
  abstract readonly retryable: boolean;
  abstract readonly userMessage: string;
  readonly endpoint?: EndpointKey;
  readonly status?: number;
  readonly detail?: string;
  readonly mayHaveReachedServer: boolean;

  constructor(message: string, init: XApiErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.endpoint = init.endpoint;
    this.status = init.status;
    this.detail = init.detail;
    // A 4xx answer is a refusal: nothing happened. Subclasses whose outcome is unknown default to true.
    this.mayHaveReachedServer = init.mayHaveReachedServer ?? false;
  }
}

/** Narrows to the union of the concrete classes, so `switch (error.kind)` gives each branch its own fields. */
export function isXApiError(value: unknown): value is AnyXApiError {
  return value instanceof Error && (value as Partial<Record<typeof XAPI_ERROR, unknown>>)[XAPI_ERROR] === true;
}

export class RateLimitedError extends XApiError {
  readonly kind = 'rateLimited' as const;
  readonly retryable = true;
  /** Epoch ms when X accepts this request again. */
  readonly resetAt: number;
  /** True when the request was refused locally because the book already knew the limit was exhausted. */
  readonly notSent: boolean;
  /** Which budget ran out: the 15-minute window, the 24-hour cap, or X's monthly/daily usage cap. */
  readonly scope: 'window' | 'day' | 'usageCap';

  constructor(resetAt: number, init: XApiErrorInit & { notSent?: boolean; scope?: RateLimitedError['scope'] } = {}) {
    super(`Rate limited until ${new Date(resetAt).toISOString()}`, {
      ...init,
      mayHaveReachedServer: init.notSent ? false : init.mayHaveReachedServer,
    });
    this.resetAt = resetAt;
    this.notSent = init.notSent ?? false;
    this.scope = init.scope ?? 'window';
  }

  get userMessage(): string {
    const at = new Date(this.resetAt).toISOString().slice(11, 16);
    return this.scope === 'usageCap'
      ? 'Your X API usage cap is used up. Check your plan in the X developer portal.'
      : `X's request limit for this action is used up. Try again after ${at} UTC.`;
  }
}

export class UnauthorizedError extends XApiError {
  readonly kind = 'unauthorized' as const;
  readonly retryable = false;
  /** The auth layer may know better why there were no credentials (e.g. held back from another server). */
  get userMessage(): string {
    const fromAuth = (this.cause as { userMessage?: unknown } | undefined)?.userMessage;
    return typeof fromAuth === 'string' ? fromAuth : 'X no longer accepts your sign-in. Sign in to X again.';
  }
}

/** Why X refused: from the Problem's `reason`, the legacy error code, or the Problem type. */
export type ForbiddenReason =
  | 'missing-permission'
  | 'recipient-not-accepting-dms'
  | 'client-not-enrolled'
  | 'official-client-forbidden'
  | 'not-authorized-for-resource'
  | 'unsupported-authentication'
  | 'unknown';

export class ForbiddenError extends XApiError {
  readonly kind = 'forbidden' as const;
  readonly retryable = false;
  readonly forbiddenReason: ForbiddenReason;

  constructor(forbiddenReason: ForbiddenReason, init: XApiErrorInit = {}) {
    super(`Forbidden (${forbiddenReason})`, init);
    this.forbiddenReason = forbiddenReason;
  }

  get userMessage(): string {
    switch (this.forbiddenReason) {
      case 'recipient-not-accepting-dms':
        return 'This person does not accept Direct Messages from you.';
      case 'missing-permission':
      case 'unsupported-authentication':
        return 'Your X app lacks Direct Message permission. Enable "Read, write and Direct Messages" for the app, then sign in again.';
      case 'client-not-enrolled':
      case 'official-client-forbidden':
        return 'Your X app is not enrolled for this API. Check the app in the X developer portal.';
      default:
        return 'X refused this action for your account.';
    }
  }
}

export class NotFoundError extends XApiError {
  readonly kind = 'notFound' as const;
  readonly retryable = false;
  readonly userMessage = 'X could not find this message, conversation or person. It may have been deleted.';
}

export class InvalidRequestError extends XApiError {
  readonly kind = 'invalidRequest' as const;
  readonly retryable = false;
  /** The parameter X complained about, when it said. */
  readonly parameter?: string;

  constructor(parameter: string | undefined, init: XApiErrorInit = {}) {
    super(`Invalid request${parameter ? ` (${parameter})` : ''}`, init);
    this.parameter = parameter;
  }

  get userMessage(): string {
    return 'X rejected the request as invalid. Check the message and try again.';
  }
}

export class ServerError extends XApiError {
  readonly kind = 'server' as const;
  readonly retryable = true;
  readonly userMessage = 'X is having problems right now. Try again in a few minutes.';

  constructor(status: number, init: XApiErrorInit = {}) {
    // X may have acted before failing (e.g. stored the DM, then the gateway timed out).
    super(`X server error ${status}`, { mayHaveReachedServer: true, ...init, status });
  }
}

export class NetworkError extends XApiError {
  readonly kind = 'network' as const;
  readonly retryable = true;
  /** X had started answering when the connection broke (reset mid-body, body shorter than announced, cut JSON). */
  readonly answerCutOff: boolean;

  constructor(message: string, init: XApiErrorInit & { answerCutOff?: boolean } = {}) {
    super(message, init);
    this.answerCutOff = init.answerCutOff ?? false;
  }

  get userMessage(): string {
    if (!this.answerCutOff) return 'Could not reach X. Check your internet connection and try again.';
    // Reads are retried (and sync tries again on its own); a send is never repeated blindly, see retry.ts.
    const repeatable = this.endpoint === undefined || /^(GET|DELETE) /.test(this.endpoint);
    return repeatable
      ? 'The connection to X broke while reading its answer. It is tried again.'
      : 'The connection to X broke while reading its answer.';
  }
}

export class TimeoutError extends XApiError {
  readonly kind = 'timeout' as const;
  readonly retryable = true;
  readonly userMessage = 'X took too long to answer. Try again.';

  constructor(timeoutMs: number, init: XApiErrorInit = {}) {
    // The request left this machine; X may have acted on it before we stopped waiting.
    super(`No answer from X within ${timeoutMs} ms`, { mayHaveReachedServer: true, ...init });
  }
}

export class SchemaDriftError extends XApiError {
  readonly kind = 'schemaDrift' as const;
  readonly retryable = false;
  readonly userMessage = 'X sent a response this version of the extension does not understand. Update the extension.';
  /** Dotted path of the field that broke the schema, e.g. `data[3].event_type` (`(body)` for non-JSON). */
  readonly fieldPath: string;

  constructor(fieldPath: string, problem: string, init: XApiErrorInit = {}) {
    super(`Unexpected response from X at ${fieldPath}: ${problem}`, init);
    this.fieldPath = fieldPath;
  }
}

export class InvalidInputError extends XApiError {
  readonly kind = 'invalidInput' as const;
  readonly retryable = false;
  /** Which input was wrong: `text`, `participantIds`, `mediaId`, `conversationId`, … */
  readonly field: string;
  readonly reason: string;

  constructor(field: string, reason: string, init: XApiErrorInit = {}) {
    super(`Invalid ${field}: ${reason}`, { ...init, mayHaveReachedServer: false });
    this.field = field;
    this.reason = reason;
  }

  get userMessage(): string {
    return `This can't be sent: ${this.reason}.`;
  }
}

export class CancelledError extends XApiError {
  readonly kind = 'cancelled' as const;
  readonly retryable = false;
  readonly userMessage = 'Cancelled.';
}

export type AnyXApiError =
  | RateLimitedError
  | UnauthorizedError
  | ForbiddenError
  | NotFoundError
  | InvalidRequestError
  | ServerError
  | NetworkError
  | TimeoutError
  | SchemaDriftError
  | InvalidInputError
  | CancelledError;
