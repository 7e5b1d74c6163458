import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { ConversationVM } from '../../src/protocol/viewModels';
import type { PanelContext } from '../context';
import { relativeTime } from '../../src/protocol/relativeTime';
import { conversationRowLabel, previewLine } from '../model/conversationLabel';
import { renderAvatar } from './avatar';

/** One conversation in the browser. Every stranger-supplied string goes through lit's text escaping. */
export function renderConversationRow(
  conversation: ConversationVM,
  index: number,
  count: number,
  active: boolean,
  ctx: PanelContext,
  open: (id: string) => void,
): TemplateResult {
  const s = ctx.strings;
  const when = relativeTime(conversation.lastActivityAt, ctx.now(), ctx.locale);
  const encrypted = conversation.encrypted === true || conversation.locked === true;
  return html`<div
    class="conversation ${active ? 'active' : ''} ${conversation.unread > 0 ? 'unread' : ''} ${conversation.muted ? 'muted' : ''} ${conversation.encrypted ? 'encrypted' : ''} ${conversation.locked ? 'locked' : ''}"
    id=${`conv-${conversation.id}`}
    data-vscode-context=${JSON.stringify(conversationMenuContext(conversation))}
    role="option"
    aria-selected=${active ? 'true' : 'false'}
    aria-setsize=${count}
    aria-posinset=${index + 1}
    aria-label=${conversationRowLabel(conversation, when, s)}
    @click=${() => open(conversation.id)}
  >
    ${renderAvatar(conversation.avatar, conversation.title, conversation.kind === 'group')}
    <div class="conversation-main">
      <div class="conversation-top">
        ${encrypted ? html`<span class="codicon codicon-lock conversation-lock" title=${s.encryptedTitle} aria-hidden="true"></span>` : null}
        <bdi class="conversation-title">${conversation.title}</bdi>
        <span class="conversation-subtitle">${conversation.subtitle}</span>
        ${conversation.blocked ? html`<span class="codicon codicon-circle-slash conversation-flag" title=${s.blocked} aria-hidden="true"></span>` : null}
        ${conversation.muted ? html`<span class="codicon codicon-bell-slash conversation-flag" title=${s.muted} aria-hidden="true"></span>` : null}
        <span class="conversation-time">${when}</span>
      </div>
      <div class="conversation-bottom">
        ${conversation.locked
          ? html`<span class="conversation-preview conversation-locked">${s.lockedPreview}</span>`
          : html`<span class="conversation-preview" dir="auto">${previewLine(conversation, s)}</span>`}
        ${conversation.unread > 0 ? html`<span class="unread-badge">${conversation.unread}</span>` : null}
      </div>
    </div>
  </div>`;
}

/**
 * The row's (and the thread header's) `data-vscode-context`: the webview/context menu shows Mute or Unmute, Mark as
 * Unread, Block or Unblock by these keys (package.json); the commands read only `conversationId`.
 */
export function conversationMenuContext(conversation: ConversationVM): Record<string, unknown> {
  return {
    webviewSection: 'conversation',
    conversationId: conversation.id,
    direct: conversation.kind === 'direct',
    muted: conversation.muted === true,
    blocked: conversation.blocked === true,
    unread: conversation.unread > 0,
    // X Chat rows: menus can leave out what an encrypted conversation does not support.
    encrypted: conversation.encrypted === true || conversation.locked === true,
    preventDefaultContextMenuItems: true,
  };
}
