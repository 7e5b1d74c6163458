import type { OutgoingMessage } from '../src/protocol/conversations/protocol';
import type { UiStateVM } from '../src/protocol/viewModels';

/** What VS Code keeps for a document across hide and reload: the sidebar's UI state, or a tab's conversation. */
type PersistedState = UiStateVM | { conversationId: string };

/** VS Code's webview API as `acquireVsCodeApi` returns it (it may only be called once). */
interface RawVsCodeApi {
  postMessage(message: OutgoingMessage): void;
  getState(): PersistedState | undefined;
  setState(state: PersistedState): void;
}

/** The part of VS Code's webview API the panel uses, with the state it keeps there. */
export interface VsCodeApi {
  postMessage(message: OutgoingMessage): void;
  getState(): UiStateVM | undefined;
  setState(state: UiStateVM): void;
}

/** The sidebar keeps its UI state with VS Code too (drafts survive a reload before the host has them). */
export function sidebarApi(api: RawVsCodeApi): VsCodeApi {
  return {
    postMessage: (message) => api.postMessage(message),
    getState: () => {
      const state = api.getState();
      return state && !('conversationId' in state) ? state : undefined;
    },
    setState: (state) => api.setState(state),
  };
}

/**
 * An editor tab's view of the API: what VS Code keeps for it (and hands the panel serializer after a reload) is the
 * conversation id alone; its drafts live with the host, which shares them with the sidebar.
 */
export function tabApi(api: RawVsCodeApi, conversationId: string): VsCodeApi {
  api.setState({ conversationId });
  return { postMessage: (message) => api.postMessage(message), getState: () => undefined, setState: () => api.setState({ conversationId }) };
}

declare function acquireVsCodeApi(): RawVsCodeApi;

let api: RawVsCodeApi | undefined;

export function vscodeApi(): RawVsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}
