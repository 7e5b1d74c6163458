import * as vscode from 'vscode';
import { plainText } from '../util/plainText';
import { ActivityHttpError } from './appApi';
import type { StreamProblem } from './streamHolder';

/**
 * What the user is told when real-time delivery cannot work, and what to do about it. Each kind is shown once per
 * window session (a stream that keeps failing must not keep popping up); polling carries on meanwhile.
 */
export type RealtimeProblem = StreamProblem | { kind: 'subscribeRefused'; detail: string } | { kind: 'noBearer' };

export class RealtimeNotices {
  private readonly shown = new Set<string>();

  constructor(private readonly pollSeconds: () => number) {}

  /** Lets the same problem be shown again (after the user acted: a new token, turning on again). */
  reset(): void {
    this.shown.clear();
  }

  show(problem: RealtimeProblem): void {
    if (this.shown.has(problem.kind)) return;
    this.shown.add(problem.kind);
    void this.present(problem);
  }

  private async present(problem: RealtimeProblem): Promise<void> {
    const every = this.pollSeconds();
    const enterToken = vscode.l10n.t('Enter Bearer Token');
    const turnOff = vscode.l10n.t('Turn Off Real-time Delivery');
    let choice: string | undefined;
    switch (problem.kind) {
      case 'unauthorized':
        choice = await vscode.window.showWarningMessage(
          vscode.l10n.t("X refused the bearer token for real-time delivery. Copy your X app's Bearer Token again (developer portal, Keys and tokens) and enter it. Until then, new messages are checked every {0} s.", every),
          enterToken,
          turnOff,
        );
        break;
      case 'forbidden':
        choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('X did not allow real-time delivery with this bearer token ({0}). Use the Bearer Token of the same X app you signed in with. Until then, new messages are checked every {1} s.', plainText(problem.detail, { max: 200 }), every),
          enterToken,
          turnOff,
        );
        break;
      case 'subscribeRefused':
        choice = await vscode.window.showWarningMessage(
          vscode.l10n.t("X did not let this account subscribe to its messages ({0}). Sign out and sign in again so the app may read your Direct Messages. Until then, new messages are checked every {1} s.", plainText(problem.detail, { max: 200 }), every),
          turnOff,
        );
        break;
      case 'connectionCap':
        choice = await vscode.window.showWarningMessage(
          vscode.l10n.t("Both of your X app's real-time connections are in use (X allows two per app), probably by another computer or program using the same app. Until one is free, new messages are checked every {0} s; VS Code keeps trying.", every),
          turnOff,
        );
        break;
      case 'rateLimited':
        vscode.window.setStatusBarMessage(vscode.l10n.t("X's rate limit for real-time delivery is reached; trying again later."), 10_000);
        return;
      case 'noBearer':
        choice = await vscode.window.showWarningMessage(
          vscode.l10n.t("Real-time delivery needs your X app's Bearer Token. Until you enter it, new messages are checked every {0} s.", every),
          enterToken,
          turnOff,
        );
        break;
    }
    if (choice === enterToken) await vscode.commands.executeCommand('xdm.turnOnRealtime');
    else if (choice === turnOff) await vscode.commands.executeCommand('xdm.turnOffRealtime');
  }
}

/** Classifies a failure to subscribe: a refusal the user can act on, or undefined (transient: retried later). */
export function subscribeProblem(error: unknown): RealtimeProblem | undefined {
  if (error instanceof ActivityHttpError) {
    if (error.status === 401) return { kind: 'unauthorized', detail: error.detail };
    if (error.status === 403) return { kind: 'forbidden', detail: error.detail };
    if (error.status === 429) return { kind: 'rateLimited' };
    return undefined;
  }
  const kind = (error as { kind?: unknown } | null)?.kind;
  if (kind === 'forbidden' || kind === 'unauthorized') {
    return { kind: 'subscribeRefused', detail: (error as { userMessage?: string }).userMessage ?? String(kind) };
  }
  return kind === 'rateLimited' ? { kind: 'rateLimited' } : undefined;
}
