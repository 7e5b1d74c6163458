import type { DmService } from '../../dm/dmService';
import type { Event } from '../../util/events';
import type { LockState } from '../source/lockState';

/**
 * The members of the DM service's X Chat side that the commands, the panel and the context key use. Restated
 * structurally here so this side depends only on the agreed shape, not on how the service implements it.
 */
export type XChatStatus = LockState | { status: 'unknown' };

export interface EncryptedChatsPort {
  readonly state: XChatStatus;
  readonly onDidChangeState: Event<XChatStatus>;
  /** Takes the passcode once (the service zeroes it), syncs after unlocking, and reports where that left the keys. */
  unlock(passcode: Uint8Array): Promise<XChatStatus>;
  lock(): Promise<void>;
}

/** The service's extras for X Chat; each is absent when the account has no X Chat (OAuth 1.0a, or a test double). */
interface XChatCapableService {
  encryptedChats?: EncryptedChatsPort;
  sendTyping?(conversationId: string): Promise<void>;
}

export function encryptedChatsOf(dm: DmService): EncryptedChatsPort | undefined {
  return (dm as DmService & XChatCapableService).encryptedChats;
}

export function typingSenderOf(dm: DmService): ((conversationId: string) => Promise<void>) | undefined {
  const service = dm as DmService & XChatCapableService;
  return service.sendTyping?.bind(service);
}
