import * as vscode from 'vscode';
import type { DmStrings } from '../dm/strings';

/** The words the DM model writes into previews and system lines, localised here so `src/dm` stays vscode-free. */
export function localisedDmStrings(): DmStrings {
  return {
    joined: (names) => vscode.l10n.t('{0} joined', names),
    left: (names) => vscode.l10n.t('{0} left', names),
    attachment: vscode.l10n.t('Attachment'),
    you: vscode.l10n.t('You'),
    and: (others) => vscode.l10n.t('+{0}', others),
  };
}
