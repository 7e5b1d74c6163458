import * as vscode from 'vscode';
import { ArchiveNoticePlan, type ArchiveNoticeItem } from '../dm/archiveNoticePlan';
import type { ArchiveHealth } from '../dm/dmService';
import { plainText, type PlainText } from '../util/plainText';

/**
 * Shows the archive's health problems as warnings in plain words: what happened to the user's history and what
 * to do. The archive keeps working in memory meanwhile (docs/decisions/002-archive-durability.md).
 */
export class ArchiveNotice {
  private readonly plan = new ArchiveNoticePlan();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  update(health: ArchiveHealth): void {
    for (const item of this.plan.next(health)) this.show(describe(item), health.folder);
  }

  private show(text: PlainText, folder: string): void {
    const showLog = vscode.l10n.t('Show Log');
    const reveal = vscode.l10n.t('Reveal Archive Folder');
    void vscode.window.showWarningMessage(text, showLog, reveal).then(async (picked) => {
      if (picked === showLog) this.log.show();
      if (picked === reveal) {
        await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(folder)).then(undefined, (error: unknown) => {
          this.log.warn(`Could not reveal the archive folder ${folder}: ${String(error)}`);
        });
      }
    });
  }
}

/** Error codes and file names are ours, but a folder name can hold anything: the whole line is neutralised. */
function describe(item: ArchiveNoticeItem): PlainText {
  return plainText(describeRaw(item), { max: 400 });
}

function describeRaw(item: ArchiveNoticeItem): string {
  const code = (item.kind !== 'setAside' ? item.code : undefined) ?? vscode.l10n.t('unknown');
  switch (item.kind) {
    case 'readOnly':
      if (item.reason === 'newerVersion') {
        return vscode.l10n.t(
          'Your message archive was written by a newer version of X Direct Messages. Showing it read-only; update the extension to save new messages.',
        );
      }
      if (item.reason === 'unusable') {
        return vscode.l10n.t(
          "Couldn't open your message archive folder ({0}). Messages are kept in memory only until VS Code is restarted; check that the folder can be written.",
          code,
        );
      }
      return vscode.l10n.t(
        "Couldn't read your message archive (disk error {0}). Showing it read-only; new messages are not saved until VS Code is restarted. Nothing was deleted: check the disk, then restart VS Code.",
        code,
      );
    case 'setAside':
      return vscode.l10n.t(
        "Part of your message archive was damaged and has been set aside ({0}); nothing was deleted. Messages from X's last 30 days are fetched again.",
        item.names.join(', '),
      );
    case 'unsaved':
      return vscode.l10n.t(
        "Couldn't save new messages to your archive ({0}). They are kept and saved with the next change; if the disk is full, free some space.",
        code,
      );
  }
}
