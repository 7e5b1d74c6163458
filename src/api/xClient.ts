import { randomInt } from 'node:crypto';
import type { AuthStrategy } from './authStrategy';
import type { XDmApi } from './dmApi';
import { createActivitySubscription } from './endpoints/activity';
import * as dm from './endpoints/dm';
import { blockDms, unblockDms } from './endpoints/dmBlock';
import { uploadDmMedia } from './endpoints/media';
import * as users from './endpoints/users';
import { HttpCore } from './http';
import { paginate } from './pagination';
import { RateLimitBookImpl } from './rateLimits';
import { systemClock, type Clock } from '../util/clock';
import { silentLogger, type Logger } from '../util/logger';

/**
 * Builds the X DM client for one account. Everything above `src/api` codes against `XDmApi`; this is the only
 * constructor. One client = one HTTP core = one rate-limit book, so budgets are tracked per account.
 */
export interface XClientOptions {
  baseUrl: string;
  auth: AuthStrategy;
  userAgent?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_USER_AGENT = 'x-direct-messages (VS Code extension)';

/** Uniform [0,1) from node:crypto (product code may not use Math.random). */
function cryptoRandom(): number {
  return randomInt(0, 2 ** 32) / 2 ** 32;
}

/** One account's HTTP core and its rate-limit book, with the defaults every client of X shares. */
export function createHttpCore(options: XClientOptions): { http: HttpCore; book: RateLimitBookImpl; clock: Clock } {
  const clock = options.clock ?? systemClock;
  const book = new RateLimitBookImpl();
  const http = new HttpCore({
    baseUrl: options.baseUrl,
    auth: options.auth,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    clock,
    logger: options.logger ?? silentLogger,
    random: options.random ?? cryptoRandom,
    book,
  });
  return { http, book, clock };
}

export function createXClient(options: XClientOptions): XDmApi {
  return xClientOn(createHttpCore(options));
}

/** The DM client on an existing core, so other clients of the same account (X Chat) share its auth and budgets. */
export function xClientOn({ http, book, clock }: { http: HttpCore; book: RateLimitBookImpl; clock: Clock }): XDmApi {
  return {
    rateLimits: book,
    listDmEvents: (params) => dm.listDmEvents(http, params),
    listConversationEvents: (id, params) => dm.listConversationEvents(http, id, params),
    listEventsWithParticipant: (id, params) => dm.listEventsWithParticipant(http, id, params),
    pagesOfDmEvents: (pageOptions) => paginate((params) => dm.listDmEvents(http, params), pageOptions),
    pagesOfConversationEvents: (id, pageOptions) =>
      paginate((params) => dm.listConversationEvents(http, id, params), pageOptions),
    getDmEvent: (id) => dm.getDmEvent(http, id),
    deleteDmEvent: (id) => dm.deleteDmEvent(http, id),
    sendToConversation: (id, message) => dm.sendToConversation(http, id, message),
    sendToParticipant: (id, message) => dm.sendToParticipant(http, id, message),
    createGroupConversation: (ids, message) => dm.createGroupConversation(http, ids, message),
    downloadDmMedia: (dmId, mediaId, resourceId) => dm.downloadDmMedia(http, dmId, mediaId, resourceId),
    uploadDmMedia: (bytes, contentType, category, onProgress) => uploadDmMedia(http, clock, bytes, contentType, category, onProgress),
    getMe: () => users.getMe(http),
    getUsersByIds: (ids) => users.getUsersByIds(http, ids),
    getUsersByUsernames: (names) => users.getUsersByUsernames(http, names),
    blockDms: (id) => blockDms(http, id),
    unblockDms: (id) => unblockDms(http, id),
    createActivitySubscription: (type, userId, tag) => createActivitySubscription(http, type, userId, tag),
  };
}
