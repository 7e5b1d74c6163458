import type { WebviewMessage } from '../src/protocol/messages';
import type { UiStateVM } from '../src/protocol/viewModels';

/** The part of VS Code's webview API the panel uses (acquireVsCodeApi may only be called once). */
export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): UiStateVM | undefined;
  setState(state: UiStateVM): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}
