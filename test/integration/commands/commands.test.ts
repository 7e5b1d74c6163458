// Commands in a real extension host: the manifest's contributions and when clauses, registration, and the
// Share Selection message built from real editors (workspace paths, several selections, the 10,000 limit, and a
// permalink from a fixture git repository through VS Code's git extension).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { commandIds } from '../../../src/commands/registerCommands';
import { gitLocation } from '../../../src/commands/gitLocation';
import { forgePermalink } from '../../../src/commands/gitPermalink';
import { buildEditorShare } from '../../../src/commands/shareSelection';
import { MAX_DM_TEXT_LENGTH } from '../../../src/dm/model/limits';

const EXTENSION_ID = 'xdm.x-direct-messages';

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}
interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    menus: Record<string, MenuEntry[]>;
    configuration: { properties: Record<string, { type: string; default: unknown; minimum?: number; scope?: string }> };
  };
}

function manifest(): Manifest {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, 'the development extension is installed');
  return extension.packageJSON as Manifest;
}

async function openAt(file: string, ranges: [number, number, number, number][]): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(document);
  editor.selections = ranges.map(([sl, sc, el, ec]) => new vscode.Selection(sl, sc, el, ec));
  return editor;
}

const noGit = { ok: false, reason: 'noGit' } as const;

interface GitExports {
  enabled: boolean;
  onDidChangeEnablement: vscode.Event<boolean>;
}

/** The harness turns git off to keep the workbench quiet; this test needs it, as a user with git would have it. */
async function enableGit(extension: vscode.Extension<unknown>): Promise<() => Promise<void>> {
  const exports = (extension.isActive ? extension.exports : await extension.activate()) as GitExports;
  const before = vscode.workspace.getConfiguration('git').inspect<boolean>('enabled')?.globalValue;
  const restore = () => vscode.workspace.getConfiguration('git').update('enabled', before, vscode.ConfigurationTarget.Global);
  if (exports.enabled) return async () => undefined;
  const enabled = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('git did not enable within 15 s')), 15_000);
    const sub = exports.onDidChangeEnablement((on) => {
      if (!on) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
  await vscode.workspace.getConfiguration('git').update('enabled', true, vscode.ConfigurationTarget.Global);
  await enabled;
  return async () => {
    await restore();
  };
}

suite('commands: manifest and registration', () => {
  test('every command is contributed in category "X DMs" with a codicon', () => {
    const contributed = new Map(manifest().contributes.commands.map((c) => [c.command, c]));
    for (const id of commandIds) {
      const command = contributed.get(id);
      assert.ok(command, `${id} is contributed`);
      assert.equal(command.category, 'X DMs', id);
      assert.match(command.icon ?? '', /^\$\([a-z-]+\)$/, id);
    }
    assert.equal(contributed.get('xdm.sendMessage')?.title, 'Send Message…');
    assert.equal(contributed.get('xdm.shareSelection')?.title, 'Share Selection as DM');
    assert.equal(contributed.get('xdm.clearCache')?.title, 'Clear Local Cache');
  });

  test('when clauses hide commands that make no sense in a state', () => {
    const menus = manifest().contributes.menus;
    const palette = new Map(menus.commandPalette.map((m) => [m.command, m.when]));
    for (const id of ['xdm.sendMessage', 'xdm.newGroup', 'xdm.openConversation', 'xdm.refresh', 'xdm.deleteMessage']) {
      assert.match(palette.get(id) ?? '', /xdm:signedIn/, id);
    }
    assert.match(palette.get('xdm.shareSelection') ?? '', /xdm:signedIn && editorHasSelection/);
    assert.equal(palette.get('xdm.copyMessageText'), 'false', 'Copy Message Text needs a message: panel context menu only');
    for (const id of ['xdm.blockUser', 'xdm.unblockUser', 'xdm.muteConversation', 'xdm.unmuteConversation', 'xdm.markUnread']) {
      assert.match(palette.get(id) ?? '', /xdm:signedIn/, id);
    }
    assert.equal(palette.get('xdm.conversationActions'), 'false', 'the thread header’s button only');
    const rowMenu = new Map(
      (menus['webview/context'] ?? []).filter((m) => /webviewSection == 'conversation'/.test(m.when ?? '')).map((m) => [m.command, m.when ?? '']),
    );
    assert.match(rowMenu.get('xdm.muteConversation') ?? '', /!muted/);
    assert.match(rowMenu.get('xdm.unmuteConversation') ?? '', /&& muted/);
    assert.match(rowMenu.get('xdm.markUnread') ?? '', /!unread/);
    assert.match(rowMenu.get('xdm.blockUser') ?? '', /!blocked/);
    assert.match(rowMenu.get('xdm.unblockUser') ?? '', /blocked/);
    const editorContext = menus['editor/context'].find((m) => m.command === 'xdm.shareSelection');
    assert.match(editorContext?.when ?? '', /editorHasSelection/);
    const viewTitle = menus['view/title'].filter((m) => /view == xdm\.conversations/.test(m.when ?? ''));
    assert.deepEqual(
      ['xdm.sendMessage', 'xdm.newGroup', 'xdm.refresh'].filter((id) => !viewTitle.some((m) => m.command === id && m.group?.startsWith('navigation'))),
      [],
    );
  });

  test('settings exist with the documented defaults', () => {
    const properties = manifest().contributes.configuration.properties;
    assert.equal(properties['xdm.sync.pollIntervalSeconds'].default, 60);
    assert.equal(properties['xdm.sync.pollIntervalSeconds'].minimum, 15);
    assert.equal(properties['xdm.notifications.enabled'].default, true);
    assert.equal(properties['xdm.cache.enabled'].default, true);
    assert.equal(properties['xdm.shareSelection.confirm'].default, true);
    assert.equal(vscode.workspace.getConfiguration('xdm').get('shareSelection.confirm'), true);
    // X Chat: read receipts on as in X's apps, typing indicators off; user settings only, so a workspace cannot
    // make the editor tell X (and the other person) what the user reads or types.
    assert.deepEqual(
      ['xdm.xchat.readReceipts', 'xdm.xchat.sendTypingIndicators'].map((key) => [properties[key]?.default, properties[key]?.scope]),
      [[true, 'application'], [false, 'application']],
    );
  });

  test('the extension registers every command it contributes', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(commandIds.filter((id) => !registered.has(id)), []);
  });
});

suite('commands: Share Selection message from real editors', () => {
  let workspaceDir: string;
  let nestedFile: string;

  suiteSetup(() => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the harness opens a workspace folder');
    workspaceDir = path.join(folder.uri.fsPath, 'xdm-share-fixture');
    mkdirSync(path.join(workspaceDir, 'src'), { recursive: true });
    nestedFile = path.join(workspaceDir, 'src', 'sample.ts');
    const lines = Array.from({ length: 40 }, (_, i) => `export const line${i + 1} = ${i + 1};`);
    writeFileSync(nestedFile, `${lines.join('\n')}\n`);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(workspaceDir, { recursive: true, force: true });
  });

  test('header carries the workspace-relative path and 1-based line range', async () => {
    // Lines 3–5 fully selected (ending at column 0 of line 6 must not count line 6).
    const editor = await openAt(nestedFile, [[2, 0, 5, 0]]);
    const message = buildEditorShare(editor, noGit);
    assert.equal(
      message.text,
      ['xdm-share-fixture/src/sample.ts:3-5', 'export const line3 = 3;', 'export const line4 = 4;', 'export const line5 = 5;'].join('\n'),
    );
    assert.equal(message.omittedLines, 0);
  });

  test('several selections become blocks in file order, with the note on top', async () => {
    const editor = await openAt(nestedFile, [
      [19, 0, 19, 24],
      [0, 7, 1, 12],
    ]);
    const message = buildEditorShare(editor, noGit, 'two places');
    assert.equal(
      message.text,
      [
        'two places',
        '',
        'xdm-share-fixture/src/sample.ts:1-2',
        'const line1 = 1;',
        'export const',
        '',
        'xdm-share-fixture/src/sample.ts:20',
        'export const line20 = 20',
      ].join('\n'),
    );
  });

  test('a huge selection is cut at X\'s limit with a "more lines" marker', async () => {
    const big = path.join(workspaceDir, 'big.txt');
    const lines = Array.from({ length: 3_000 }, (_, i) => `row ${i} ${'x'.repeat(20)}`);
    writeFileSync(big, lines.join('\n'));
    const editor = await openAt(big, [[0, 0, 2_999, lines[2_999].length]]);
    const message = buildEditorShare(editor, noGit);
    assert.ok(message.text.length <= MAX_DM_TEXT_LENGTH, `length ${message.text.length}`);
    assert.ok(message.omittedLines > 2_000 && message.omittedLines < 3_000, `omitted ${message.omittedLines}`);
    assert.match(message.text, new RegExp(`… ${message.omittedLines} more lines$`));
    assert.equal(message.totalLines, 3_000);
  });

  test('permalink at the current commit from a fixture git repository with a GitHub remote', async function () {
    this.timeout(60_000);
    // Inside the workspace: VS Code's git extension does not open repositories outside it without asking.
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const repoDir = mkdtempSync(path.join(folder.uri.fsPath, 'xdm-git-fixture-'));
    let restoreGit = async (): Promise<void> => undefined;
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: repoDir, encoding: 'utf8' }).trim();
      git('init', '-q');
      git('config', 'user.email', 'fixture@example.invalid');
      git('config', 'user.name', 'Fixture');
      git('remote', 'add', 'origin', 'git@github.com:octo/fixture.git');
      mkdirSync(path.join(repoDir, 'lib'));
      const file = path.join(repoDir, 'lib', 'code.py');
      writeFileSync(file, Array.from({ length: 30 }, (_, i) => `x${i + 1} = ${i + 1}`).join('\n') + '\n');
      git('add', '.');
      git('commit', '-q', '-m', 'fixture');
      const sha = git('rev-parse', 'HEAD');
      const expected = `https://github.com/octo/fixture/blob/${sha}/lib/code.py#L10-L20`;

      const editor = await openAt(file, [[9, 0, 19, 8]]);
      const gitExtension = vscode.extensions.getExtension('vscode.git');
      if (!gitExtension) {
        // Without VS Code's git extension the builder still formats what git would have said.
        const message = buildEditorShare(editor, { ok: true, repo: { kind: 'github', host: 'github.com', path: 'octo/fixture' }, commit: sha, repoRelativePath: 'lib/code.py' });
        assert.equal(message.text.split('\n')[1], expected);
        return;
      }
      restoreGit = await enableGit(gitExtension);
      const location = await gitLocation(editor.document.uri);
      assert.deepEqual(location, {
        ok: true,
        repo: { kind: 'github', host: 'github.com', path: 'octo/fixture' },
        commit: sha,
        repoRelativePath: 'lib/code.py',
      });
      const message = buildEditorShare(editor, location);
      const [header, link] = message.text.split('\n');
      assert.equal(header, `${path.basename(repoDir)}/lib/code.py:10-20`);
      assert.equal(link, expected);
      assert.equal(
        location.ok && forgePermalink({ kind: 'gitlab', host: 'gitlab.com', path: 'octo/fixture' }, sha, location.repoRelativePath, 10, 20),
        `https://gitlab.com/octo/fixture/-/blob/${sha}/lib/code.py#L10-20`,
      );

      // Once the file differs from the commit its line numbers may not match: no permalink rather than a wrong one.
      // Edited and saved in the editor, as a user would; VS Code tells git about the save.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(editor.document.uri, new vscode.Position(0, 0), '# new first line\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await editor.document.save());
      let dirty = await gitLocation(editor.document.uri);
      for (let i = 0; i < 20 && dirty.ok; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        dirty = await gitLocation(editor.document.uri);
      }
      if (dirty.ok) {
        // git's watcher can miss a save that lands during its own status run; ask for the status explicitly then.
        const api = (gitExtension.exports as { getAPI(v: 1): { getRepository(uri: vscode.Uri): { status(): Promise<void> } | null } }).getAPI(1);
        await api.getRepository(editor.document.uri)?.status();
        dirty = await gitLocation(editor.document.uri);
      }
      assert.deepEqual(dirty, { ok: false, reason: 'uncommittedChanges' });
    } finally {
      await restoreGit();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(repoDir, { recursive: true, force: true });
    }
  });
});
