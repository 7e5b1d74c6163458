import type { DmService } from '../../dm/dmService';
import { XCHAT_REF_PATTERN } from '../../dm/model/ids';
import type { Logger } from '../../util/logger';
import { xchatSendTypingIndicators } from './xchatSettings';

/**
 * The composer's "typing" signal, passed to X only for an encrypted conversation and only when the user allowed it
 * (`xdm.xchat.sendTypingIndicators`, off by default: it tells the other person when you are at your editor).
 * Legacy DMs have no typing endpoint in X's API v2. A failure is not the user's concern: it is logged, not shown.
 * Resolves whether the signal was handed to the service.
 */
export async function passOnTyping(dm: DmService, conversationId: string, log: Logger): Promise<boolean> {
  if (!XCHAT_REF_PATTERN.test(conversationId) || !xchatSendTypingIndicators()) return false;
  if (!dm.sendTyping) return false;
  try {
    await dm.sendTyping(conversationId);
    return true;
  } catch (error) {
    log.debug(`X Chat typing indicator not sent: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
