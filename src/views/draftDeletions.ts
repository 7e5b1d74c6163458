import * as v from 'valibot';
import type * as vscode from 'vscode';

const KEY = 'xdm.drafts.deletedAt';
const schema = v.record(v.pipe(v.string(), v.regex(/^[0-9]{1,19}$/)), v.pipe(v.number(), v.minValue(0)));

/**
 * When each account's drafts were deleted ("Sign out, delete messages"), in global state: a draft saved before that
 * is dropped wherever a copy turns up (another workspace, a webview's own state); one typed after is kept.
 */
export class DraftDeletions {
  constructor(private readonly memento: vscode.Memento) {}

  all(): Record<string, number> {
    const parsed = v.safeParse(schema, this.memento.get<unknown>(KEY));
    return parsed.success ? parsed.output : {};
  }

  async record(userId: string, at: number): Promise<void> {
    await this.memento.update(KEY, { ...this.all(), [userId]: at });
  }
}
