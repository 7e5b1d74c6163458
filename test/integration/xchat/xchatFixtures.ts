// The X Chat suites' account: built by the product's own `createAccountContext` (the same HTTP core, X Chat wiring,
// engine worker from dist/ and emulator key backup the extension uses), because an in-host test cannot sign the
// extension itself in (VS Code grants a seeded session only after its consent dialog, which tests cannot answer).
import * as vscode from 'vscode';
import type { AccountContext } from '../../../src/accounts/accounts';
import { createAccountContext } from '../../../src/accounts/accountRuntime';
import type { PlainText } from '../../../src/util/plainText';
import { passcodeProblem, type NoticeKind, type XChatPrompts } from '../../../src/xchat/wiring/prompts';
import type { XChatCommandDeps } from '../../../src/xchat/wiring/xchatCommands';
import { admin, EXTENSION_ID } from '../support/authFixtures';

export const PASSCODE = '2468';

/** An in-memory Memento (the account's conversation prefs). */
function memento(): vscode.Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key, value) => void values.set(key, value),
  };
}

export async function signedInAccount(emulator: string, meId: string, log: vscode.LogOutputChannel): Promise<AccountContext> {
  const token = await admin<{ access_token: string }>('POST', '/__admin/tokens', { user_id: meId });
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error('the extension under test is not installed');
  return createAccountContext({
    account: { sessionId: 'it-xchat', label: '@me', userId: meId },
    auth: { authorize: async () => ({ Authorization: `Bearer ${token.access_token}` }), refreshAfterUnauthorized: async () => false },
    apiBaseUrl: emulator,
    signIn: 'oauth2',
    distDir: vscode.Uri.joinPath(extension.extensionUri, 'dist').fsPath,
    archiveDir: undefined,
    pollIntervalSeconds: 60,
    extensionVersion: 'test',
    state: memento(),
    log,
  });
}

/**
 * Answers the commands' prompts from queues (an in-host test cannot type into the password box or click a
 * notification's button); an empty queue means cancelled or dismissed, as a user closing the box would.
 */
export class ScriptedPrompts implements XChatPrompts {
  readonly passcodes: string[] = [];
  readonly choices: Array<string | undefined> = [];
  readonly shown: Array<{ kind: NoticeKind; message: string; buttons: string[] }> = [];
  asked = 0;

  async passcode(): Promise<string | undefined> {
    this.asked++;
    const answer = this.passcodes.shift();
    // The real box does not accept an invalid value: the same check runs here.
    return answer !== undefined && passcodeProblem(answer) === undefined ? answer : undefined;
  }

  async notice(kind: NoticeKind, message: PlainText, buttons: PlainText[]): Promise<string | undefined> {
    this.shown.push({ kind, message, buttons });
    const choice = this.choices.shift();
    return buttons.find((button) => button === choice);
  }
}

/** The commands' dependencies with scripted answers for the password box and the notices' buttons. */
export function scripted(ctx: AccountContext, log: vscode.LogOutputChannel, passcodes: string[], choices: Array<string | undefined> = []): { deps: XChatCommandDeps; prompts: ScriptedPrompts } {
  const prompts = new ScriptedPrompts();
  prompts.passcodes.push(...passcodes);
  prompts.choices.push(...choices);
  return { deps: { account: async () => ctx, prompts: () => prompts, log }, prompts };
}

export async function setSetting(key: 'xchat.readReceipts' | 'xchat.sendTypingIndicators', on: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('xdm').update(key, on, vscode.ConfigurationTarget.Global);
}

/** Every text the account's DM service would show for X Chat (list previews and thread messages). */
export function visibleTexts(ctx: AccountContext): string[] {
  return ctx.dm.conversations().flatMap((c) => [c.preview, ...ctx.dm.thread(c.id).items.flatMap((i) => (i.type === 'message' ? [i.text] : []))]).filter((t) => t !== '');
}
