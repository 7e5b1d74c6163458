import { userSetting } from '../../auth/settings';

/**
 * Read on every use, so a change applies to the next read mark or keystroke without rebuilding the account. Only
 * the user's own value counts: a cloned repository's settings must not make the editor tell X (and the other
 * person) what the user reads or types.
 */
export function xchatReadReceipts(): boolean {
  return userSetting<boolean>('xchat.readReceipts', true) === true;
}

export function xchatSendTypingIndicators(): boolean {
  return userSetting<boolean>('xchat.sendTypingIndicators', false) === true;
}
