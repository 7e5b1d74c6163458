import type { WebviewStrings } from '../src/protocol/strings';
import type { PanelClient } from './client';
import type { UiState } from './uiState';

/** What every component needs; handed down as one property instead of globals, so the bench can build its own. */
export interface PanelContext {
  client: PanelClient;
  ui: UiState;
  strings: WebviewStrings;
  locale: string;
  now(): number;
  /** Shows a failed request in plain words (a status line in the panel, never a dialog). */
  reportError(error: unknown): void;
}
