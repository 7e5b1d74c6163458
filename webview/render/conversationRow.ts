import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { format } from '../../src/protocol/strings';
import type { ConversationVM } from '../../src/protocol/viewModels';
import type { PanelContext } from '../context';
import { relativeTime } from '../../src/protocol/relativeTime';
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
  const preview = conversation.previewFromMe ? format(s.youPrefix, conversation.preview) : conversation.preview;
  const unread = conversation.unread > 0 ? format(s.unreadCount, conversation.unread) : '';
  return html`<div
    class="conversation ${active ? 'active' : ''} ${conversation.unread > 0 ? 'unread' : ''} ${conversation.muted ? 'muted' : ''}"
    id=${`conv-${conversation.id}`}
    data-vscode-context=${JSON.stringify(conversationMenuContext(conversation))}
    role="option"
    aria-selected=${active ? 'true' : 'false'}
    aria-setsize=${count}
    aria-posinset=${index + 1}
    aria-label=${rowLabel(conversation, unread, preview, ctx)}
    @click=${() => open(conversation.id)}
  >
    ${renderAvatar(conversation.avatar, conversation.title, conversation.kind === 'group')}
    <div class="conversation-main">
      <div class="conversation-top">
        <bdi class="conversation-title">${conversation.title}</bdi>
        <span class="conversation-subtitle">${conversation.subtitle}</span>
        ${conversation.blocked ? html`<span class="codicon codicon-circle-slash conversation-flag" title=${s.blocked} aria-hidden="true"></span>` : null}
        ${conversation.muted ? html`<span class="codicon codicon-bell-slash conversation-flag" title=${s.muted} aria-hidden="true"></span>` : null}
        <span class="conversation-time">${relativeTime(conversation.lastActivityAt, ctx.now(), ctx.locale)}</span>
      </div>
      <div class="conversation-bottom">
        <span class="conversation-preview" dir="auto">${preview}</span>
        ${conversation.unread > 0 ? html`<span class="unread-badge">${conversation.unread}</span>` : null}
      </div>
    </div>
  </div>`;
}

/** What a screen reader says for a row: "Ada Lovelace, @ada_codes, muted, 2 unread, last message 5 min ago: See you". */
function rowLabel(conversation: ConversationVM, unread: string, preview: string, ctx: PanelContext): string {
  const when = relativeTime(conversation.lastActivityAt, ctx.now(), ctx.locale);
  const last = preview ? format(ctx.strings.lastMessage, when, preview) : '';
  const flags = [conversation.blocked ? ctx.strings.blocked : '', conversation.muted ? ctx.strings.muted : ''];
  return [conversation.title, conversation.subtitle, ...flags, unread, last].filter(Boolean).join(', ');
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
    preventDefaultContextMenuItems: true,
  };
}
