import { LitElement, html } from 'lit';
import type { TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { PanelAction } from '../../src/protocol/messages';
import type { PanelContext } from '../context';

/** Signed out (or no client id yet): what the extension does, Sign In (or Open Settings), and the walkthrough. */
export class XdmSignedOut extends LitElement {
  static override properties = { screen: { attribute: false } };

  ctx!: PanelContext;
  screen: 'signedOut' | 'notConfigured' = 'signedOut';

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private run(action: PanelAction): void {
    this.ctx.client.request('runAction', { action }).catch((error: unknown) => this.ctx.reportError(error));
  }

  protected override render(): TemplateResult {
    const s = this.ctx.strings;
    const configured = this.screen === 'signedOut';
    return html`<div class="signed-out">
      <span class="codicon codicon-comment-discussion signed-out-icon" aria-hidden="true"></span>
      <h2>${s.appName}</h2>
      <p>${s.signedOutBody}</p>
      ${configured ? null : html`<p class="not-configured">${s.notConfiguredBody}</p>`}
      <vscode-button class="primary-action" @click=${() => this.run(configured ? 'signIn' : 'openSettings')}
        >${configured ? s.signIn : s.openSettings}</vscode-button
      >
      <a class="link walkthrough-link" role="link" tabindex="0"
        @click=${() => this.run('openWalkthrough')}
        @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.run('openWalkthrough')}
      >${s.walkthrough}</a>
    </div>`;
  }
}

customElements.define('xdm-signed-out', XdmSignedOut);
