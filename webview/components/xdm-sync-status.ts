import { LitElement, html } from 'lit';
import type { TemplateResult } from 'lit';
import { format } from '../../src/protocol/strings';
import type { SyncVM } from '../../src/protocol/viewModels';
import type { PanelContext } from '../context';
import { clockTime, relativeTime } from '../../src/protocol/relativeTime';

/** The quiet status line under the list: last synced, syncing, offline, rate-limited until HH:MM, or the error. */
export class XdmSyncStatus extends LitElement {
  static override properties = { sync: { attribute: false } };

  ctx!: PanelContext;
  sync: SyncVM = { phase: 'idle' };

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  static describe(sync: SyncVM, ctx: PanelContext): string {
    const s = ctx.strings;
    switch (sync.phase) {
      case 'syncing':
        return s.syncSyncing;
      case 'offline':
        return s.syncOffline;
      case 'rateLimited':
        return format(s.syncRateLimited, sync.rateLimitedUntil ? clockTime(sync.rateLimitedUntil, ctx.locale) : '…');
      case 'error':
        return format(s.syncError, sync.message ?? '');
      case 'idle':
        return sync.lastSyncedAt ? format(s.syncLastSynced, relativeTime(sync.lastSyncedAt, ctx.now(), ctx.locale)) : s.syncNever;
    }
  }

  protected override render(): TemplateResult {
    const icon = { syncing: 'sync~spin', offline: 'cloud-offline', rateLimited: 'watch', error: 'warning', idle: 'check' }[this.sync.phase];
    return html`<div class="sync-status ${this.sync.phase}" role="status" aria-live="polite">
      <span class="codicon codicon-${icon.replace('~spin', '')} ${icon.endsWith('~spin') ? 'codicon-modifier-spin' : ''}" aria-hidden="true"></span>
      <span class="sync-text">${XdmSyncStatus.describe(this.sync, this.ctx)}</span>
      <vscode-toolbar-button icon="refresh" label=${this.ctx.strings.refresh} title=${this.ctx.strings.refresh}
        ?disabled=${this.sync.phase === 'syncing'}
        @click=${() => this.dispatchEvent(new CustomEvent('refresh'))}></vscode-toolbar-button>
    </div>`;
  }
}

customElements.define('xdm-sync-status', XdmSyncStatus);
