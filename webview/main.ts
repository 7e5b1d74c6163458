import type { Bootstrap } from '../src/protocol/messages';
import { PanelClient, RequestError } from './client';
import type { PanelContext } from './context';
import type { XdmApp } from './components/xdm-app';
import './components/xdm-app';
import { UiState } from './uiState';
import { sidebarApi, tabApi, vscodeApi } from './vscodeApi';

/**
 * Webview entry: reads the bootstrap (inert JSON, parsed — never executed), paints the first screen from it, then
 * says ready; the host answers with fresh state. Performance marks let the bench measure first paint.
 */
function start(): void {
  performance.mark('xdm-start');
  const element = document.getElementById('xdm-bootstrap');
  const bootstrap = JSON.parse(element?.textContent ?? '{}') as Bootstrap;
  const tab = bootstrap.surface?.kind === 'tab' ? bootstrap.surface : undefined;
  const api = tab ? tabApi(vscodeApi(), tab.conversationId) : sidebarApi(vscodeApi());
  const client = new PanelClient(api);
  const app = (document.querySelector('xdm-app') ?? document.body.appendChild(document.createElement('xdm-app'))) as XdmApp;
  const ui = new UiState(api, bootstrap.uiState, () => app.state?.me?.id, bootstrap.draftsDeletedAt);
  const ctx: PanelContext = {
    client,
    ui,
    strings: bootstrap.strings,
    locale: bootstrap.locale || 'en',
    now: () => Date.now(),
    reportError: (error) => {
      if (error instanceof RequestError && error.code === 'cancelled') return;
      app.showError(error instanceof Error ? error.message : String(error));
    },
  };
  app.ctx = ctx;
  app.tabConversationId = tab?.conversationId;
  app.state = bootstrap.state;
  const openId = ui.openConversationId;
  if (bootstrap.thread && bootstrap.thread.conversationId === openId) app.thread = bootstrap.thread;
  window.addEventListener('message', (event: MessageEvent<unknown>) => client.receive(event.data));
  client.onNotification((message) => {
    if (message.type === 'forgetDrafts') ui.forgetAccount(message.userId);
    else if (message.type === 'drafts') {
      ui.replaceDrafts(message.drafts);
      app.syncDraft();
    } else app.handle(message);
  });
  window.addEventListener('pagehide', () => ui.flush());
  window.addEventListener('error', (event) => client.log('error', String(event.message)));
  void app.updateComplete.then(() => {
    performance.mark('xdm-first-paint');
    client.ready(openId);
    // The host had no copy (a window without a folder, just reloaded): it learns this document's drafts now, so it
    // can share them with editor tabs.
    if (!bootstrap.uiState) ui.flush();
  });
}

start();
