import * as vscode from 'vscode';
import type { AccountContext } from '../../accounts/accounts';
import type { EncryptedChats, XChatStatus } from '../../dm/dmService';
import { plainText } from '../../util/plainText';
import type { XChatPrompts } from './prompts';

export interface XChatCommandDeps {
  /** The signed-in account with its archive loaded, or undefined after asking the user to sign in. */
  account(): Promise<AccountContext | undefined>;
  prompts(): XChatPrompts;
  log: vscode.LogOutputChannel;
}

const t = vscode.l10n.t;

/**
 * X DMs: Unlock Encrypted Chats. Each passcode the user types is handed to the service exactly once; another
 * attempt starts only from the user's own "Try Again", because every wrong guess brings X's key backup closer
 * to destroying the keys. Arguments are never read: nothing can pass a passcode in.
 */
export async function unlockEncryptedChats(deps: XChatCommandDeps): Promise<void> {
  const ctx = await deps.account();
  if (!ctx) return;
  const chats = ctx.dm.encryptedChats;
  if (!chats) {
    await explainUnavailable(deps, ctx);
    return;
  }
  // Without keys a passcode has nothing to unlock: look again (one request), and explain if there are still none.
  if (chats.state.status === 'noKeys' && (await chats.recheckKeys()).status === 'noKeys') {
    await explainNoKeys(deps);
    return;
  }
  let retry = false;
  for (;;) {
    if (chats.state.status === 'unlocked' || chats.state.status === 'unlocking') return;
    const typed = await deps.prompts().passcode(retry);
    if (typed === undefined) return;
    const outcome = await unlockOnce(chats, typed);
    deps.log.info(`X Chat unlock: ${outcome.status}`);
    if (!(await tryAgain(deps, outcome))) return;
    retry = outcome.status === 'wrongPasscode';
  }
}

async function unlockOnce(chats: EncryptedChats, typed: string): Promise<XChatStatus> {
  // The service zeroes these bytes; the string itself cannot be wiped and goes out of scope with this call.
  const passcode = new TextEncoder().encode(typed);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Unlocking encrypted chats…') },
    () => chats.unlock(passcode),
  );
}

/** Tells the user how the attempt ended; true only when they clicked "Try Again". */
async function tryAgain(deps: XChatCommandDeps, outcome: XChatStatus): Promise<boolean> {
  const again = plainText(t('Try Again'));
  switch (outcome.status) {
    case 'wrongPasscode':
      // No guess left: the backup has destroyed the keys, so another try could only fail.
      if (outcome.guessesLeft === 0) {
        await deps.prompts().notice('error', plainText(wrongPasscodeMessage(0)), []);
        return false;
      }
      return (await deps.prompts().notice('warning', plainText(wrongPasscodeMessage(outcome.guessesLeft)), [again])) === again;
    case 'unavailable':
      return (await deps.prompts().notice('error', plainText(t("Couldn't reach X's key backup to unlock your encrypted chats. Check your connection and try again.")), [again])) === again;
    case 'noKeys':
      await explainNoKeys(deps);
      return false;
    default:
      // Unlocked: the encrypted conversations fill the list, which says enough.
      return false;
  }
}

export function wrongPasscodeMessage(guessesLeft: number | undefined): string {
  if (guessesLeft === undefined) return t("Wrong passcode. X's key backup allows only a few wrong guesses, then destroys the keys of your encrypted chats.");
  if (guessesLeft === 0) return t("Wrong passcode, and it was the last guess: X's key backup has destroyed the keys of your encrypted chats. They can be set up again only in X's app.");
  if (guessesLeft === 1) return t("Wrong passcode. 1 guess left: after one more wrong guess, X's key backup destroys the keys of your encrypted chats.");
  return t("Wrong passcode. {0} guesses left: after the last one, X's key backup destroys the keys of your encrypted chats.", guessesLeft);
}

async function explainNoKeys(deps: XChatCommandDeps): Promise<void> {
  const about = plainText(t('About X Chat'));
  const picked = await deps.prompts().notice(
    'info',
    plainText(t("This X account has no encrypted chats (X Chat) set up, or X's key backup no longer holds its keys. Set up X Chat in X's app; this extension never creates or resets keys, because new keys would cut your other devices off from their encrypted history.")),
    [about],
  );
  if (picked === about) await aboutXChat(deps);
}

async function explainUnavailable(deps: XChatCommandDeps, ctx: AccountContext): Promise<void> {
  const message = ctx.signIn === 'oauth1'
    ? t('Encrypted chats (X Chat) need a sign-in with your X app\'s OAuth 2.0 Client ID. This account signed in with an access token and secret (OAuth 1.0a), which X Chat does not accept.')
    : t('Encrypted chats (X Chat) are not available for this account.');
  await deps.prompts().notice('info', plainText(message), []);
}

/** X DMs: Lock Encrypted Chats. The keys leave memory; the conversations stay listed as locked. */
export async function lockEncryptedChats(deps: XChatCommandDeps): Promise<void> {
  const ctx = await deps.account();
  if (!ctx) return;
  await ctx.dm.encryptedChats?.lock();
}

/** What X Chat is, what is encrypted where, and what the passcode is for: from the panel's "About" link. */
export async function aboutXChat(deps: Pick<XChatCommandDeps, 'prompts'>): Promise<void> {
  await deps.prompts().notice(
    'info',
    plainText(t('About encrypted chats (X Chat)')),
    [],
    plainText(t(
      "X Chat is X's end-to-end encrypted messaging. Messages are encrypted on the sender's device and decrypted only on the devices of the people in the conversation; X stores and relays only ciphertext.\n\n" +
        "Your X Chat passcode unlocks your private keys from X's key backup. You type it into VS Code's own password box; it is used once, never stored, and every wrong guess counts: after a few, the backup destroys the keys.\n\n" +
        'Unlocked keys stay in memory for this window only. Encrypted chats are never written to disk: they are fetched from X as ciphertext and decrypted in memory. Locking, signing out or closing the window forgets the keys.\n\n' +
        "Keys are set up in X's app. This extension never creates or resets them.",
    ), { lines: true }),
  );
}
