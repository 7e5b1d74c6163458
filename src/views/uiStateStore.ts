import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import type { UiStateVM } from '../protocol/viewModels';
import { uiStateSchema } from './messageSchemas';

/**
 * The panel's UI state mirrored on the host, written at once (VS Code persists mementos and webview state later).
 * Per workspace, memory-only without a folder; per account (docs/decisions/003-panel-ui-state-per-window.md).
 */
export interface UiStateStore {
  read(): UiStateVM | undefined;
  write(state: UiStateVM): void;
  /** Drops every draft of one account (signed out with its messages deleted). */
  forgetAccount(userId: string): void;
}

export type DeletedAt = () => Readonly<Record<string, number>>;

export function createUiStateStore(workspaceStorageDir: string | undefined, deletedAt: DeletedAt): UiStateStore {
  return workspaceStorageDir === undefined ? new MemoryUiStateStore(deletedAt) : new FileUiStateStore(workspaceStorageDir, deletedAt);
}

/** Removes the drafts of accounts whose messages were deleted after those drafts were saved. */
export function withoutDeletedDrafts(state: UiStateVM, deletedAt: Readonly<Record<string, number>>): UiStateVM {
  const drafts = Object.fromEntries(Object.entries(state.drafts).filter(([userId, bucket]) => !(bucket.savedAt <= (deletedAt[userId] ?? -1))));
  return { ...state, drafts };
}

function withoutAccount(state: UiStateVM, userId: string): UiStateVM {
  const drafts = { ...state.drafts };
  delete drafts[userId];
  return { ...state, drafts };
}

export class FileUiStateStore implements UiStateStore {
  private readonly file: string;

  constructor(
    dir: string,
    private readonly deletedAt: DeletedAt,
  ) {
    this.file = path.join(dir, 'panel-ui-state.json');
  }

  read(): UiStateVM | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      // A file on disk is a trust boundary too: read it back through the same schema as webview messages.
      const parsed = v.safeParse(uiStateSchema, JSON.parse(text));
      return parsed.success ? withoutDeletedDrafts(parsed.output, this.deletedAt()) : undefined;
    } catch {
      return undefined;
    }
  }

  write(state: UiStateVM): void {
    this.save(withoutDeletedDrafts(state, this.deletedAt()));
  }

  forgetAccount(userId: string): void {
    const current = this.read();
    if (current?.drafts[userId]) this.save(withoutAccount(current, userId));
  }

  /** Temp file + rename: a reader (this window after a crash, or a second window) sees the old or the new file, never half of one. */
  private save(state: UiStateVM): void {
    const temp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(temp, JSON.stringify(state));
      renameSync(temp, this.file);
    } catch {
      // Best effort: the webview keeps its own copy (setState) as well.
      try {
        rmSync(temp, { force: true });
      } catch {
        // Nothing more to do: the temp name is unique, a leftover never replaces the real file.
      }
    }
  }
}

export class MemoryUiStateStore implements UiStateStore {
  private state: UiStateVM | undefined;

  constructor(private readonly deletedAt: DeletedAt) {}

  read(): UiStateVM | undefined {
    return this.state && withoutDeletedDrafts(this.state, this.deletedAt());
  }

  write(state: UiStateVM): void {
    this.state = withoutDeletedDrafts(state, this.deletedAt());
  }

  forgetAccount(userId: string): void {
    if (this.state) this.state = withoutAccount(this.state, userId);
  }
}
