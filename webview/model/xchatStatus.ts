import type { PanelAction } from '../../src/protocol/conversations/protocol';
import { format } from '../../src/protocol/strings';
import type { WebviewStrings } from '../../src/protocol/strings';
import type { XChatVM } from '../../src/protocol/viewModels';

type Status = XChatVM['status'];

/** What the X Chat status row above the list shows: one calm line, at most one button, maybe a Dismiss. */
export interface XChatStatusRow {
  status: Status;
  /** Codicon name. */
  icon: string;
  text: string;
  /** A progress ring instead of a button while the key backup is asked. */
  busy: boolean;
  action?: { action: Extract<PanelAction, 'unlockXChat' | 'aboutXChat'>; label: string };
  /** Nothing to do about it here: the user may hide it for this account. */
  dismissible: boolean;
  /** Said with the warning colour (the last attempt failed), not as an error. */
  warning: boolean;
}

/** Statuses the user can dismiss for an account (they stay true until X's app or the sign-in changes). */
export const DISMISSIBLE_STATUSES: readonly Status[] = ['noKeys', 'unsupportedSignIn'];

/** The row for a status, or undefined when there is none (`unlocked`, or the host does not know yet). */
export function xchatStatusRow(xchat: XChatVM | undefined, s: WebviewStrings): XChatStatusRow | undefined {
  if (!xchat) return undefined;
  const unlock = { action: 'unlockXChat' as const, label: s.xchatUnlock };
  const about = { action: 'aboutXChat' as const, label: s.xchatLearnMore };
  const row = (icon: string, text: string, action?: XChatStatusRow['action'], warning = false): XChatStatusRow => ({
    status: xchat.status,
    icon,
    text,
    busy: false,
    action,
    dismissible: DISMISSIBLE_STATUSES.includes(xchat.status),
    warning,
  });
  switch (xchat.status) {
    case 'unlocked':
      return undefined;
    case 'locked':
      return row('lock', s.xchatLocked, unlock);
    case 'unlocking':
      return { ...row('lock', s.xchatUnlocking), busy: true };
    case 'wrongPasscode':
      // With no guesses left the backup no longer releases the keys: unlocking again cannot work.
      return xchat.guessesLeft === 0
        ? row('warning', s.xchatNoGuessesLeft, about, true)
        : row('warning', wrongPasscodeText(xchat.guessesLeft, s), unlock, true);
    case 'unavailable':
      return row('cloud-offline', s.xchatUnavailable, unlock, true);
    case 'noKeys':
      return row('info', s.xchatNoKeys, about);
    case 'unsupportedSignIn':
      return row('info', s.xchatUnsupportedSignIn);
    default:
      // A status a newer host knows and this page does not: show nothing rather than guess.
      return undefined;
  }
}

function wrongPasscodeText(guessesLeft: number | undefined, s: WebviewStrings): string {
  if (guessesLeft === undefined || !Number.isInteger(guessesLeft) || guessesLeft < 0) return s.xchatWrongPasscode;
  return guessesLeft === 1 ? s.xchatOneGuessLeft : format(s.xchatGuessesLeft, guessesLeft);
}

/**
 * The prompt of a locked thread: its line, and what the status row would offer (Unlock, a ring while unlocking, or
 * Learn more when unlocking cannot work). The row's own text is shown beneath when it says why the last try failed.
 */
export function lockedThreadPrompt(xchat: XChatVM | undefined, s: WebviewStrings): { text: string; detail?: string; busy: boolean; action?: XChatStatusRow['action'] } {
  const row = xchatStatusRow(xchat, s);
  // Status not known yet (or unlocked while the thread still says locked): offering Unlock is the safe default.
  if (!row) return { text: s.xchatLockedThread, busy: false, action: { action: 'unlockXChat', label: s.xchatUnlock } };
  const detail = row.status === 'locked' ? undefined : row.text;
  return { text: s.xchatLockedThread, detail, busy: row.busy, action: row.action };
}
