import * as vscode from 'vscode';
import { systemClock } from '../util/clock';
import type { AccountContext, CommandDeps } from './commandDeps';
import { UserLookup } from './userLookup';

/**
 * Per-registration state the commands share: the signed-in account (or a plain-words prompt to sign in) and one
 * `UserLookup` cache per account, so handles resolved in one command are free in the next.
 */
export class CommandContext implements vscode.Disposable {
  private readonly lookups = new WeakMap<AccountContext, UserLookup>();
  private readonly created: UserLookup[] = [];

  constructor(readonly deps: CommandDeps) {}

  /** The current account with its archive loaded, or undefined after telling the user to sign in. */
  async account(): Promise<AccountContext | undefined> {
    const ctx = this.deps.accounts.current;
    if (!ctx) {
      const signIn = vscode.l10n.t('Sign In');
      const picked = await vscode.window.showInformationMessage(vscode.l10n.t('Sign in to X to use Direct Messages.'), signIn);
      if (picked === signIn) await vscode.commands.executeCommand('xdm.signIn');
      return undefined;
    }
    await ctx.dm.ready();
    return ctx;
  }

  lookup(ctx: AccountContext): UserLookup {
    let lookup = this.lookups.get(ctx);
    if (!lookup) {
      lookup = new UserLookup(ctx.api, systemClock, this.deps.log);
      this.lookups.set(ctx, lookup);
      this.created.push(lookup);
    }
    return lookup;
  }

  /** VS Code calls this on deactivation (it is in context.subscriptions). */
  dispose(): void {
    for (const lookup of this.created) lookup.dispose();
    this.created.length = 0;
  }
}
