import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import type { UiStateVM } from '../protocol/viewModels';
import { uiStateSchema } from './messageSchemas';

/**
 * The panel's UI state (open conversation, drafts, filter) mirrored on the host in a small JSON file, written at
 * once: VS Code's mementos and webview state reach disk later, and a window reload right after typing lost the
 * draft with them (seen under code-server). Read back through the same schema as webview messages (a file on disk
 * is a trust boundary too).
 */
export class UiStateStore {
  private readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, 'panel-ui-state.json');
  }

  read(): UiStateVM | undefined {
    try {
      const parsed = v.safeParse(uiStateSchema, JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.output : undefined;
    } catch {
      return undefined;
    }
  }

  write(state: UiStateVM): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(this.file, JSON.stringify(state));
    } catch {
      // Best effort: the webview keeps its own copy (setState) as well.
    }
  }
}
