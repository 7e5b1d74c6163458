import { LitElement, html } from 'lit';
import type { TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import type { XChatVM } from '../../src/protocol/viewModels';
import type { PanelContext } from '../context';
import { XChatDismissals, webviewStorage } from '../model/xchatDismissals';
import { xchatStatusRow } from '../model/xchatStatus';

const dismissals = new XChatDismissals(webviewStorage());

/**
 * The X Chat line above the conversations: locked (Unlock), unlocking (a ring), the last unlock's failure, or why
 * encrypted chats are not available to this account (dismissible). A quiet row, not a banner: the legacy DMs below
 * work either way.
 */
export class XdmXChatStatus extends LitElement {
  static override properties = {
    xchat: { attribute: false },
    accountId: { attribute: false },
    dismissedNow: { state: true },
  };

  ctx!: PanelContext;
  xchat: XChatVM | undefined;
  accountId: string | undefined;
  /** Bumped on Dismiss so the row re-renders (the dismissal itself lives in the store). */
  dismissedNow = 0;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private run(action: 'unlockXChat' | 'aboutXChat'): void {
    this.ctx.client.request('runAction', { action }).catch((error: unknown) => this.ctx.reportError(error));
  }

  private dismiss(status: string): void {
    dismissals.dismiss(this.accountId, status);
    this.dismissedNow++;
    // The focused button is gone with the row: the filter above takes focus so the keyboard is not lost.
    void this.updateComplete.then(() => this.closest('.list-screen')?.querySelector<HTMLElement>('vscode-textfield')?.focus());
  }

  protected override render(): TemplateResult | null {
    const s = this.ctx.strings;
    const row = xchatStatusRow(this.xchat, s);
    if (!row || (row.dismissible && dismissals.isDismissed(this.accountId, row.status))) return null;
    return html`<div class="xchat-status ${row.warning ? 'warning' : ''}" data-testid="xchat-status" data-status=${row.status}>
      ${row.busy
        ? html`<vscode-progress-ring class="xchat-status-ring" aria-hidden="true"></vscode-progress-ring>`
        : html`<span class="codicon codicon-${row.icon} xchat-status-icon" aria-hidden="true"></span>`}
      <span class="xchat-status-text" role="status" aria-live="polite">${row.text}</span>
      <span class="xchat-status-actions">
        ${row.action
          ? html`<vscode-button secondary class="xchat-status-action" data-testid="xchat-status-action" @click=${() => row.action && this.run(row.action.action)}>${row.action.label}</vscode-button>`
          : null}
        ${row.dismissible
          ? html`<vscode-toolbar-button class="xchat-status-dismiss" data-testid="xchat-status-dismiss" icon="close" label=${s.xchatDismiss} title=${s.xchatDismiss}
              @click=${() => this.dismiss(row.status)}></vscode-toolbar-button>`
          : null}
      </span>
    </div>`;
  }
}

customElements.define('xdm-xchat-status', XdmXChatStatus);
