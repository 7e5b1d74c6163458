import type { WebviewMessage } from '../src/protocol/messages';
import type { UiStateVM } from '../src/protocol/viewModels';

/** The part of VS Code's webview API the panel uses (acquireVsCodeApi may only be called once). */
export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): UiStateVM | undefined;
  setState(state: UiStateVM): void;
}

/**
 * An editor tab's view of the API: what VS Code keeps for it (and hands the panel serializer after a reload) is the
 * conversation id alone; its drafts live with the host, which shares them with the sidebar.
 */
export function tabApi(api: VsCodeApi, conversationId: string): VsCodeApi {
  const raw = api as unknown as { setState(state: { conversationId: string }): void };
  raw.setState({ conversationId });
  return { postMessage: (message) => api.postMessage(message), getState: () => undefined, setState: () => raw.setState({ conversationId }) };
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}
