import * as vscode from 'vscode';
import { plainText, type PlainText } from '../util/plainText';

/**
 * The boundary for errors: log once, show once in plain words with one useful action, never a stack or a token.
 * Reads errors structurally (`kind`, `userMessage`), so wrapped errors and every bundle's copies are understood.
 */
interface KindedError {
  kind: string;
  userMessage?: string;
  message: string;
  retryAt?: number;
  resetAt?: number;
}

function asKinded(error: unknown): KindedError | undefined {
  if (error instanceof Error && typeof (error as Partial<KindedError>).kind === 'string') return error as unknown as KindedError;
  return undefined;
}

export function isCancellation(error: unknown): boolean {
  if (error instanceof vscode.CancellationError) return true;
  const kind = asKinded(error)?.kind;
  return kind === 'cancelled' || kind === 'canceled' || kind === 'aborted' || (error instanceof Error && error.name === 'AbortError');
}

export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(vscode.env.language, { hour: '2-digit', minute: '2-digit' });
}

/** The error in plain words; neutralised, because user messages can quote X's own error detail. */
export function plainMessage(error: unknown): PlainText {
  const kinded = asKinded(error);
  const until = kinded?.retryAt ?? kinded?.resetAt;
  if (kinded?.userMessage) return plainText(kinded.userMessage);
  if (until && kinded?.kind === 'rateLimited') return plainText(vscode.l10n.t("X's request limit is used up. You can try again at {0}.", formatTime(until)));
  return plainText(vscode.l10n.t('Something went wrong talking to X.'));
}

interface Action {
  title: string;
  run(): unknown;
}

function actionFor(error: unknown, retry: (() => unknown) | undefined): Action | undefined {
  const kinded = asKinded(error);
  const signIn: Action = { title: vscode.l10n.t('Sign In Again'), run: () => vscode.commands.executeCommand('xdm.signIn') };
  // The sign-in is fine, only this window cannot see its new tokens (see SignedInElsewhereError in src/auth/errors/authError.ts).
  if ((error as { reloadWindow?: unknown } | undefined)?.reloadWindow === true) {
    return { title: vscode.l10n.t('Reload Window'), run: () => vscode.commands.executeCommand('workbench.action.reloadWindow') };
  }
  switch (kinded?.kind) {
    case 'unauthorized':
      return signIn;
    case 'forbidden': {
      const reason = (kinded as { forbiddenReason?: string }).forbiddenReason;
      // After fixing the app's permissions in the developer portal, only a new sign-in picks them up.
      return reason === 'missing-permission' || reason === 'unsupported-authentication' ? signIn : undefined;
    }
    case 'network':
    case 'timeout':
    case 'server':
      return retry ? { title: vscode.l10n.t('Retry'), run: retry } : undefined;
    default:
      // Rate limits: retrying before X's window resets only burns budget; the message says when instead.
      return undefined;
  }
}

/**
 * Shows `error` (unless it is a cancel) as one error notification. `what` says what failed, e.g. "Couldn't send".
 * `retry` re-runs the failed operation when the error says retrying can help.
 */
export async function showCommandError(
  log: vscode.LogOutputChannel,
  what: string,
  error: unknown,
  retry?: () => unknown,
): Promise<void> {
  if (isCancellation(error)) return;
  // The auth layer has just shown this very message with its Reload Window button; one toast is enough.
  if ((error as { reloadWindow?: unknown; announced?: unknown } | undefined)?.announced === true) return;
  const kind = asKinded(error)?.kind ?? 'unexpected';
  log.error(`${what}: ${kind}: ${error instanceof Error ? error.message : String(error)}`);
  const action = actionFor(error, retry);
  const showLog = vscode.l10n.t('Show Log');
  const titles = action ? [action.title, showLog] : [showLog];
  const picked = await vscode.window.showErrorMessage(plainText(`${what}: ${plainMessage(error)}`), ...titles);
  if (picked === showLog) log.show(true);
  else if (action && picked === action.title) await action.run();
}
