// Helpers for the X Chat suites: the prompt-scripting hook (extension tests cannot type into VS Code's password box
// or click a notification's button), the panel's test snapshot, and waiting on either.
import * as vscode from 'vscode';
import type { PanelSnapshot } from '../../../src/views/conversationsViewProvider';
import { XCHAT_TEST_COMMAND, type XChatTestReport, type XChatTestRequest } from '../../../src/xchat/wiring/xchatTestHooks';
import { waitFor } from '../support/authFixtures';

export const PASSCODE = '2468';

/** The hook is registered with the runtime, which loads when an account is signed in: wait for it. */
async function xchatHook<T>(request: XChatTestRequest): Promise<T> {
  await waitFor(async () => (await vscode.commands.getCommands(true)).includes(XCHAT_TEST_COMMAND), 'the X Chat test hook is registered');
  return vscode.commands.executeCommand<T>(XCHAT_TEST_COMMAND, request);
}

/** The next passcode-box answers and notice-button clicks (`null`: cancel or dismiss); nothing queued cancels. */
export async function script(passcodes: Array<string | null>, choices: Array<string | null> = []): Promise<void> {
  await xchatHook<void>({ op: 'script', passcodes, choices });
}

export function report(): Promise<XChatTestReport> {
  return xchatHook<XChatTestReport>({ op: 'report' });
}

export function snapshot(): Promise<PanelSnapshot> {
  return Promise.resolve(vscode.commands.executeCommand<PanelSnapshot>('xdm.test.panelSnapshot', { wait: false }));
}

/** Polls the panel snapshot until `check` holds; returns that snapshot. */
export async function panelUntil(what: string, check: (s: PanelSnapshot) => boolean, timeoutMs = 15_000): Promise<PanelSnapshot> {
  let last: PanelSnapshot | undefined;
  try {
    await waitFor(async () => check((last = await snapshot())), what, timeoutMs);
  } catch (error) {
    throw new Error(`${String(error)}; last snapshot: ${JSON.stringify({ xchat: last?.xchat, conversations: last?.conversations, thread: last?.thread })}`, { cause: error });
  }
  return last as PanelSnapshot;
}

export async function setReadReceipts(on: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('xdm').update('xchat.readReceipts', on, vscode.ConfigurationTarget.Global);
}

export async function setSendTyping(on: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('xdm').update('xchat.sendTypingIndicators', on, vscode.ConfigurationTarget.Global);
}

/** Handled by the sidebar's host exactly as if its document had posted it (test-build hook). */
export async function panelMessage(raw: unknown): Promise<void> {
  await vscode.commands.executeCommand('xdm.test.panelMessage', raw);
}
