import * as vscode from 'vscode';

/** "just now", "5 min ago", "3 h ago", "yesterday", or a date: short enough for a QuickPick description. */
export function relativeTime(epochMs: number, now = Date.now()): string {
  const minutes = Math.floor((now - epochMs) / 60_000);
  if (minutes < 1) return vscode.l10n.t('just now');
  if (minutes < 60) return vscode.l10n.t('{0} min ago', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return vscode.l10n.t('{0} h ago', hours);
  if (hours < 48) return vscode.l10n.t('yesterday');
  return new Date(epochMs).toLocaleDateString(vscode.env.language, { month: 'short', day: 'numeric', year: 'numeric' });
}
