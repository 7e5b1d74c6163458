import * as path from 'node:path';
import * as vscode from 'vscode';
import { pickForgeRemote, type ForgeRepo } from './gitPermalink';

/**
 * Where a file lives in git, through VS Code's git extension (API 1). Missing, disabled or still starting, it gives
 * a reason instead of a permalink, never an error: sharing code must not fail for want of a link.
 */
interface GitRemote {
  name: string;
  fetchUrl?: string;
  pushUrl?: string;
}
interface GitChange {
  uri: vscode.Uri;
}
interface GitRepository {
  rootUri: vscode.Uri;
  state: {
    HEAD?: { commit?: string };
    remotes: GitRemote[];
    workingTreeChanges: GitChange[];
    indexChanges: GitChange[];
    onDidChange: vscode.Event<void>;
  };
}
interface GitApi {
  state?: 'uninitialized' | 'initialized';
  onDidChangeState?: vscode.Event<'uninitialized' | 'initialized'>;
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}
interface GitExtensionExports {
  enabled: boolean;
  getAPI(version: 1): GitApi;
}

export type GitLocation =
  | { ok: true; repo: ForgeRepo; commit: string; repoRelativePath: string }
  | { ok: false; reason: 'noGit' | 'notInRepo' | 'noForgeRemote' | 'noCommit' | 'uncommittedChanges' };

async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
  if (!extension) return undefined;
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (!exports?.enabled) return undefined;
  const api = exports.getAPI(1);
  if (api.state === 'uninitialized' && api.onDidChangeState) {
    const onDidChangeState = api.onDidChangeState;
    // The git extension scans the workspace on start; give it a moment rather than guess "not a repo".
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 3_000);
      const sub = onDidChangeState((s) => s === 'initialized' && done());
      function done(): void {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }
  return api;
}

/** The folder holding `.git`, found by walking up (for files outside the workspace's repositories). */
async function findRepoRoot(file: vscode.Uri): Promise<vscode.Uri | undefined> {
  let dir = path.dirname(file.fsPath);
  for (;;) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(path.join(dir, '.git')));
      return vscode.Uri.file(dir);
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}

/** A repository git has only just opened has no HEAD or remotes until its first status run: wait for that. */
async function loaded(repository: GitRepository, timeoutMs = 5_000): Promise<void> {
  if (repository.state.HEAD?.commit) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const sub = repository.state.onDidChange(() => repository.state.HEAD?.commit && done());
    function done(): void {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
  });
}

function samePath(a: vscode.Uri, b: vscode.Uri): boolean {
  return path.normalize(a.fsPath) === path.normalize(b.fsPath);
}

export async function gitLocation(file: vscode.Uri): Promise<GitLocation> {
  if (file.scheme !== 'file') return { ok: false, reason: 'notInRepo' };
  const api = await gitApi();
  if (!api) return { ok: false, reason: 'noGit' };
  let repository = api.getRepository(file);
  if (!repository && api.openRepository) {
    const root = await findRepoRoot(file);
    if (root) repository = await api.openRepository(root);
  }
  if (!repository) return { ok: false, reason: 'notInRepo' };
  await loaded(repository);
  const repo = pickForgeRemote(repository.state.remotes);
  if (!repo) return { ok: false, reason: 'noForgeRemote' };
  const commit = repository.state.HEAD?.commit;
  if (!commit) return { ok: false, reason: 'noCommit' };
  const changed = [...repository.state.workingTreeChanges, ...repository.state.indexChanges].some((c) => samePath(c.uri, file));
  // Line numbers of a modified (or untracked) file need not match the commit: a wrong permalink is worse than none.
  if (changed) return { ok: false, reason: 'uncommittedChanges' };
  const repoRelativePath = path.relative(repository.rootUri.fsPath, file.fsPath).split(path.sep).join('/');
  return { ok: true, repo, commit, repoRelativePath };
}
