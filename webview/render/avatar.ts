import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { PersonVM } from '../../src/protocol/viewModels';
import { initials } from '../model/linkify';

/** Initials always render; a profile image (X's image host only, enforced by host and CSP) covers them once loaded. */
export function renderAvatar(person: PersonVM | undefined, fallbackName: string, group = false): TemplateResult {
  const hide = (event: Event) => ((event.target as HTMLElement).hidden = true);
  return html`<span class="avatar" aria-hidden="true"
    >${group ? html`<span class="codicon codicon-organization"></span>` : initials(person?.name ?? fallbackName)}${person?.avatarUrl
      ? html`<img src=${person.avatarUrl} alt="" loading="lazy" referrerpolicy="no-referrer" @error=${hide} />`
      : null}</span
  >`;
}
