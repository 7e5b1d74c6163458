import { html } from 'lit';
import type { TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { XChatVM } from '../../src/protocol/viewModels';
import type { PanelContext } from '../context';
import { lockedThreadPrompt } from '../model/xchatStatus';

/** A locked X Chat thread: no items, one centred prompt with the same Unlock the list offers (or why it cannot). */
export function renderLockedThread(xchat: XChatVM | undefined, ctx: PanelContext): TemplateResult {
  const prompt = lockedThreadPrompt(xchat, ctx.strings);
  const action = prompt.action;
  return html`<div class="thread-locked" data-testid="thread-locked">
    <span class="codicon codicon-lock thread-locked-icon" aria-hidden="true"></span>
    <p class="thread-locked-text">${prompt.text}</p>
    <p class="thread-locked-detail" role="status">${prompt.detail ?? ''}</p>
    ${prompt.busy
      ? html`<vscode-progress-ring class="thread-locked-ring" aria-hidden="true"></vscode-progress-ring>`
      : action
        ? html`<vscode-button class="thread-locked-action" data-testid="thread-unlock" @click=${() => ctx.client.request('runAction', { action: action.action }).catch((error: unknown) => ctx.reportError(error))}
            >${action.label}</vscode-button>`
        : null}
  </div>`;
}
