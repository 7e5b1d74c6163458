import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { MessageContextArg } from '../../src/protocol/messageCommandArgs';
import { format } from '../../src/protocol/strings';
import type { MessageVM, PostCardVM } from '../../src/protocol/viewModels';
import type { PanelContext } from '../context';
import { integrityNotice } from '../model/integrity';
import { linkify } from '../model/linkify';
import { clockTime, fullTime } from '../../src/protocol/relativeTime';
import '../components/xdm-media';

export interface MessageActions {
  openLink(url: string): void;
  retry(message: MessageVM): void;
  /** Asks the host whether a message that may have been sent reached X (never sends it). */
  check(message: MessageVM): void;
  discard(message: MessageVM): void;
  remove(message: MessageVM): void;
}

/**
 * One message. Text, names and URLs are only ever lit text bindings (escaped); links have no href (a click asks
 * the host, which shows the real target before opening). `data-vscode-context` feeds the webview context menu.
 */
export function renderMessage(
  message: MessageVM,
  groupStart: boolean,
  conversationId: string,
  ctx: PanelContext,
  actions: MessageActions,
  canDelete = true,
): TemplateResult {
  const s = ctx.strings;
  const sender = message.fromMe ? s.you : message.senderName;
  const notice = integrityNotice(message, s);
  const menuContext: MessageContextArg = {
    webviewSection: 'message',
    conversationId,
    messageId: message.id,
    // The context menu offers Delete by this key: only where the conversation allows deleting.
    fromMe: message.fromMe && canDelete,
    preventDefaultContextMenuItems: true,
  };
  return html`<div
    class="message ${message.fromMe ? 'mine' : 'theirs'} ${groupStart ? 'group-start' : ''} status-${message.status}"
    role="listitem"
    title=${fullTime(message.createdAt, ctx.locale)}
    data-vscode-context=${JSON.stringify(menuContext)}
  >
    ${groupStart
      ? html`<div class="message-header"><bdi class="sender">${sender}</bdi>${message.senderUsername && !message.fromMe
            ? html`<span class="sender-username">@${message.senderUsername}</span>`
            : null}<span class="message-time">${clockTime(message.createdAt, ctx.locale)}</span></div>`
      : null}
    ${notice
      ? html`<div class="bubble integrity" data-testid="message-integrity" data-integrity=${message.integrity ?? ''}>
          <span class="codicon codicon-warning" aria-hidden="true"></span><span class="integrity-text">${notice}</span>
        </div>`
      : html`<div class="bubble">
          ${message.text ? html`<div class="message-text" dir="auto">${renderText(message, actions)}</div>` : null}
          ${message.attachments.map((a) => html`<xdm-media .ctx=${ctx} .attachment=${a}></xdm-media>`)}
          ${message.posts.map((post) => renderPost(post, ctx, actions))}
        </div>`}
    ${renderStatus(message, ctx, actions)}
    ${canDelete && message.fromMe && message.status === 'sent' && !message.localId
      ? html`<div class="message-actions">
          <vscode-toolbar-button icon="trash" label=${s.deleteMessage} title=${s.deleteMessage} @click=${() => actions.remove(message)}></vscode-toolbar-button>
        </div>`
      : null}
  </div>`;
}

/** A t.co link X described shows its display URL and opens (after the host's confirmation) where it really goes. */
function renderText(message: MessageVM, actions: MessageActions): TemplateResult[] {
  return linkify(message.text, message.links).map((segment) =>
    segment.kind === 'text'
      ? html`${segment.text}`
      : html`<a class="link" role="link" tabindex="0" title=${segment.url}
          @click=${(e: Event) => (e.preventDefault(), actions.openLink(segment.url))}
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.preventDefault(), actions.openLink(segment.url))}
        >${segment.text}</a>`,
  );
}

function renderPost(post: PostCardVM, ctx: PanelContext, actions: MessageActions): TemplateResult {
  const author = post.authorName ?? post.authorUsername ?? '';
  return html`<div class="post-card" role="group" aria-label=${format(ctx.strings.postBy, author)}>
    <div class="post-author"><bdi>${post.authorName ?? ''}</bdi>${post.authorUsername ? html` <span class="sender-username">@${post.authorUsername}</span>` : null}</div>
    <div class="post-text" dir="auto">${post.text}</div>
    <a class="link" role="link" tabindex="0" title=${post.url}
      @click=${(e: Event) => (e.preventDefault(), actions.openLink(post.url))}
      @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.preventDefault(), actions.openLink(post.url))}
    >${ctx.strings.openPost}</a>
  </div>`;
}

function renderStatus(message: MessageVM, ctx: PanelContext, actions: MessageActions): TemplateResult | null {
  const s = ctx.strings;
  switch (message.status) {
    case 'sent':
      return null;
    case 'pending':
      return html`<div class="message-status"><span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true"></span>${s.statusPending}</div>`;
    // May have reached X: the only action asks X; sending again is offered only once X proved it has no copy.
    case 'unconfirmed':
      return html`<div class="message-status unsure" role="status">
        <span class="codicon codicon-question" aria-hidden="true"></span>
        <span class="status-text">${s.statusUnconfirmed}${message.statusReason ? html`: ${message.statusReason}` : null}</span>
        ${message.localId ? html`<vscode-button secondary @click=${() => actions.check(message)}>${s.check}</vscode-button>` : null}
      </div>`;
    case 'failed':
      return html`<div class="message-status problem" role="alert">
        <span class="codicon codicon-error" aria-hidden="true"></span>
        <span class="status-text">${s.statusFailed}${message.statusReason ? html`: ${message.statusReason}` : null}</span>
        ${message.localId
          ? html`<vscode-button secondary @click=${() => actions.retry(message)}>${s.retry}</vscode-button>
              <vscode-button secondary @click=${() => actions.discard(message)}>${s.discard}</vscode-button>`
          : null}
      </div>`;
  }
}
