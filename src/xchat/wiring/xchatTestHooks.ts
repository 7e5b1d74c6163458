import * as vscode from 'vscode';
import type { Accounts } from '../../accounts/accounts';
import { encryptedChatsOf, type XChatStatus } from './encryptedChatsPort';
import { passcodeProblem, type NoticeKind, type XChatPrompts } from './prompts';

/**
 * Command id of the hook. Registered only in test builds (`__XDM_TEST_HOOKS__`, false in `--production`, where
 * the minifier drops this module) and only when VS Code runs the extension's tests (ExtensionMode.Test).
 */
export const XCHAT_TEST_COMMAND = 'xdm.testing.xchat';

export type XChatTestRequest =
  /** The next answers of the passcode box and of the notices' buttons, in order; `null` cancels or dismisses. */
  | { op: 'script'; passcodes: Array<string | null>; choices?: Array<string | null> }
  | { op: 'report' };

export interface ShownNotice {
  kind: NoticeKind;
  message: string;
  buttons: string[];
}

export interface XChatTestReport {
  /** How many times the passcode box was shown since the last `script`. */
  asked: number;
  /** Answers queued but not used. */
  unusedPasscodes: number;
  shown: ShownNotice[];
  state: XChatStatus | undefined;
}

/**
 * Answers the prompts from queues an in-host test filled (extension tests cannot type into an InputBox or click a
 * notification), so the real command path runs. An empty queue means "cancelled" or "dismissed".
 */
export class ScriptedPrompts implements XChatPrompts {
  readonly passcodes: Array<string | undefined> = [];
  readonly choices: Array<string | undefined> = [];
  readonly shown: ShownNotice[] = [];
  asked = 0;

  async passcode(): Promise<string | undefined> {
    this.asked++;
    const answer = this.passcodes.shift();
    // The real box does not accept an invalid value; here it stands for the user giving up.
    return answer !== undefined && passcodeProblem(answer) === undefined ? answer : undefined;
  }

  async notice(kind: NoticeKind, message: string, buttons: string[]): Promise<string | undefined> {
    this.shown.push({ kind, message, buttons });
    const choice = this.choices.shift();
    return choice !== undefined && buttons.includes(choice) ? choice : undefined;
  }
}

/** What in-host suites need and cannot do themselves: type into the password box and click a notice's button. */
export function registerXChatTestHooks(accounts: Accounts, use: (prompts: ScriptedPrompts) => void): vscode.Disposable {
  let scripted: ScriptedPrompts | undefined;
  return vscode.commands.registerCommand(XCHAT_TEST_COMMAND, (request: XChatTestRequest): XChatTestReport | undefined => {
    switch (request.op) {
      case 'script':
        scripted = new ScriptedPrompts();
        scripted.passcodes.push(...request.passcodes.map((p) => p ?? undefined));
        scripted.choices.push(...(request.choices ?? []).map((c) => c ?? undefined));
        use(scripted);
        return undefined;
      case 'report': {
        const current = accounts.current;
        return {
          asked: scripted?.asked ?? 0,
          unusedPasscodes: scripted?.passcodes.length ?? 0,
          shown: [...(scripted?.shown ?? [])],
          state: current ? encryptedChatsOf(current.dm)?.state : undefined,
        };
      }
    }
  });
}
