import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { gitLocation, type GitLocation } from './gitLocation';
import { forgePermalink } from './gitPermalink';
import { MAX_DM_TEXT_LENGTH } from '../dm/model/limits';
import { pickRecipient, targetOf } from './pickRecipient';
import { sendWithProgress } from './sendWithProgress';
import { buildShareMessage, type ShareMessage, type SharedSelection } from './shareMessage';
import { plainText } from '../util/plainText';

/**
 * Share Selection as DM: the editor's selections as one message, then recipient, note, preview and a modal
 * confirmation (`xdm.shareSelection.confirm`), because a sent DM cannot be taken back.
 */
const PREVIEW_LINES = 25;

/**
 * Selections as 1-based inclusive line ranges; one ending at column 0 stops at the line above, and one starting
 * inside the first line's indentation takes all of it, so the code keeps its relative indentation.
 */
export function editorSelections(editor: vscode.TextEditor): SharedSelection[] {
  const document = editor.document;
  return editor.selections
    .filter((s) => !s.isEmpty)
    .map((s) => {
      const endLine = s.end.character === 0 && s.end.line > s.start.line ? s.end.line : s.end.line + 1;
      const before = document.lineAt(s.start.line).text.slice(0, s.start.character);
      const start = before.trim().length === 0 ? s.start.with({ character: 0 }) : s.start;
      return { startLine: s.start.line + 1, endLine, text: document.getText(new vscode.Range(start, s.end)) };
    });
}

export function sharePath(uri: vscode.Uri): string {
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return vscode.workspace.getWorkspaceFolder(uri) ? vscode.workspace.asRelativePath(uri, multiRoot) : uri.path.split('/').pop() ?? uri.path;
}

export function moreLinesMarker(count: number): string {
  return count === 1 ? vscode.l10n.t('… 1 more line') : vscode.l10n.t('… {0} more lines', count);
}

/** Builds the message for `editor` (used by the command and by the integration tests). */
export function buildEditorShare(
  editor: vscode.TextEditor,
  location: GitLocation,
  note?: string,
  limit = MAX_DM_TEXT_LENGTH,
): ShareMessage {
  const selections = editorSelections(editor).map((s) => ({
    ...s,
    permalink: location.ok ? forgePermalink(location.repo, location.commit, location.repoRelativePath, s.startLine, s.endLine) : undefined,
  }));
  return buildShareMessage({ path: sharePath(editor.document.uri), selections, note, limit, moreLines: moreLinesMarker });
}

function previewOf(message: ShareMessage): string {
  const lines = message.text.split('\n');
  return lines.length <= PREVIEW_LINES ? message.text : `${lines.slice(0, PREVIEW_LINES).join('\n')}\n…`;
}

function truncationNotice(message: ShareMessage): string {
  return vscode.l10n.t(
    "Shortened to fit X's 10,000 character limit: {0} of {1} lines left out.",
    message.omittedLines,
    message.totalLines,
  );
}

export async function shareSelection(cc: CommandContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editorSelections(editor).length === 0) {
    await vscode.window.showInformationMessage(vscode.l10n.t('Select the code you want to share first.'));
    return;
  }
  const ctx = await cc.account();
  if (!ctx) return;
  // Ask git while the user picks a recipient.
  const locationPromise = gitLocation(editor.document.uri).catch((error: unknown): GitLocation => {
    cc.deps.log.warn(`git lookup for a permalink failed: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, reason: 'noGit' };
  });

  const recipient = await pickRecipient(ctx, cc.lookup(ctx), {
    title: plainText(vscode.l10n.t('Share Selection: choose a conversation or person')),
    allowNewGroup: false,
  });
  if (!recipient || recipient.kind === 'newGroup') return;

  const note = await vscode.window.showInputBox({
    title: vscode.l10n.t('Share with {0}: note (optional)', recipient.label),
    prompt: vscode.l10n.t('Words to put above the code. Enter continues (leave empty for none), Esc cancels.'),
    placeHolder: vscode.l10n.t('e.g. Does this look right to you?'),
    ignoreFocusOut: true,
    validateInput: (value) =>
      value.length > MAX_DM_TEXT_LENGTH / 2 ? vscode.l10n.t('Keep the note under 5,000 characters so the code fits.') : undefined,
  });
  if (note === undefined) return;

  // Unsaved edits move lines just like uncommitted ones do.
  const location: GitLocation = editor.document.isDirty ? { ok: false, reason: 'uncommittedChanges' } : await locationPromise;
  const message = buildEditorShare(editor, location, note);
  const notes: string[] = [];
  if (message.omittedLines > 0) notes.push(truncationNotice(message));
  if (!location.ok && location.reason === 'uncommittedChanges') {
    notes.push(vscode.l10n.t('No permalink: the file has uncommitted changes, so its lines may differ from the last commit.'));
  }

  const confirm = vscode.workspace.getConfiguration('xdm').get<boolean>('shareSelection.confirm', true);
  if (confirm) {
    const send = vscode.l10n.t('Send');
    const picked = await vscode.window.showInformationMessage(
      vscode.l10n.t('Send this to {0}?', recipient.label),
      // The user's own code, but bidi controls in it (Trojan Source) would make the preview lie about what is sent.
      { modal: true, detail: plainText([previewOf(message), ...notes.map((n) => `\n${n}`)].join('\n'), { lines: true }) },
      send,
    );
    if (picked !== send) return;
  } else if (notes.length > 0) {
    void vscode.window.showInformationMessage(plainText(notes.join(' ')));
  }
  await sendWithProgress(ctx, cc.deps.view, cc.deps.log, targetOf(recipient), message.text, recipient.label);
}
