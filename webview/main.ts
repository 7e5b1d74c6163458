import type { Bootstrap } from '../src/protocol/messages';
import { PanelClient, RequestError } from './client';
import type { PanelContext } from './context';
import type { XdmApp } from './components/xdm-app';
import './components/xdm-app';
import { UiState } from './uiState';
import { vscodeApi } from './vscodeApi';

/**
 * Webview entry: reads the bootstrap (inert JSON, parsed — never executed), paints the first screen from it, then
 * says ready; the host answers with fresh state. Performance marks let the bench measure first paint.
 */
function start(): void {
  performance.mark('xdm-start');
  const element = document.getElementById('xdm-bootstrap');
  const bootstrap = JSON.parse(element?.textContent ?? '{}') as Bootstrap;
  const api = vscodeApi();
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
  app.state = bootstrap.state;
  const openId = ui.openConversationId;
  if (bootstrap.thread && bootstrap.thread.conversationId === openId) app.thread = bootstrap.thread;
  window.addEventListener('message', (event: MessageEvent<unknown>) => client.receive(event.data));
  client.onNotification((message) => {
    if (message.type === 'ping') client.ready(ui.openConversationId);
    else if (message.type === 'forgetDrafts') ui.forgetAccount(message.userId);
    else app.handle(message);
  });
  window.addEventListener('pagehide', () => ui.flush());
  window.addEventListener('error', (event) => client.log('error', String(event.message)));
  void app.updateComplete.then(() => {
    performance.mark('xdm-first-paint');
    client.ready(openId);
  });
}

start();
