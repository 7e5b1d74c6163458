import * as vscode from 'vscode';
import { personOf, type Person } from '../dm/model/person';
import type { Conversation } from '../dm/model/conversation';
import type { SendTarget } from '../dm/dmService';
import type { AccountContext } from './commandDeps';
import { relativeTime } from '../protocol/relativeTime';
import { plainMessage } from './showError';
import { handleFromQuery, type LookupResult, type UserLookup } from './userLookup';
import { NAME_MAX, TITLE_MAX, plainText, withIcon, type PlainQuickPickItem, type PlainText } from '../util/plainText';

/**
 * The recipient QuickPick of Send Message…, Share Selection and New Group: opens at once from the archive, and only
 * an `@handle` (or a name that could be one) costs a lookup at X, debounced and cached. Esc resolves undefined.
 */
export type Recipient =
  | { kind: 'conversation'; conversationId: string; label: PlainText }
  | { kind: 'user'; user: Person; label: PlainText }
  | { kind: 'newGroup' };

export function targetOf(recipient: Exclude<Recipient, { kind: 'newGroup' }>): SendTarget {
  return recipient.kind === 'conversation' ? { conversationId: recipient.conversationId } : { participantId: recipient.user.id };
}

interface Item extends PlainQuickPickItem {
  recipient?: Recipient;
}

export function conversationItem(c: Conversation, now: number): PlainQuickPickItem & { conversationId: string } {
  const handle = c.kind === 'direct' && c.partner ? plainText(`@${c.partner.username}`) : vscode.l10n.t('{0} people', c.participants.length + 1);
  const unread = c.unread > 0 ? ` · ${vscode.l10n.t('{0} unread', c.unread)}` : '';
  const preview = plainText(c.preview);
  // X Chat: the lock says which of two conversations with the same person is the encrypted one.
  const encrypted = c.encrypted ? ` · ${c.locked ? vscode.l10n.t('encrypted, locked') : vscode.l10n.t('encrypted')}` : '';
  return {
    label: withIcon(c.encrypted ? 'lock' : c.kind === 'group' ? 'organization' : 'account', plainText(c.title, { max: TITLE_MAX })),
    description: plainText(`${handle}${encrypted} · ${relativeTime(c.lastActivityAt, now, vscode.env.language)}${unread}`),
    detail: preview ? (c.previewFromMe ? plainText(vscode.l10n.t('You: {0}', preview)) : preview) : undefined,
    conversationId: c.id,
  };
}

export function userItemDetail(user: Person): PlainText | undefined {
  if (user.acceptsDms === true) return plainText(vscode.l10n.t('Accepts your Direct Messages'));
  if (user.acceptsDms === false) return plainText(vscode.l10n.t('Does not accept Direct Messages from you: X will refuse the message'));
  return undefined;
}

function userItem(user: Person, fromLookup: boolean): Item {
  const handle = plainText(`@${user.username}`);
  return {
    label: withIcon(fromLookup ? 'person-add' : 'person', plainText(user.name, { max: NAME_MAX })),
    description: handle,
    detail: userItemDetail(user),
    alwaysShow: fromLookup,
    recipient: { kind: 'user', user, label: handle },
  };
}

export interface PickRecipientOptions {
  title: PlainText;
  allowNewGroup: boolean;
}

export function pickRecipient(ctx: AccountContext, lookup: UserLookup, options: PickRecipientOptions): Promise<Recipient | undefined> {
  const { dm } = ctx;
  const now = Date.now();
  const conversations = dm.conversations();
  const partnerHandles = new Set(
    conversations.filter((c) => c.kind === 'direct' && c.partner).map((c) => c.partner!.username.toLowerCase()),
  );
  const conversationItems: Item[] = conversations.map((c) => {
    const { conversationId, ...item } = conversationItem(c, now);
    return { ...item, recipient: { kind: 'conversation', conversationId, label: plainText(c.title, { max: TITLE_MAX }) } };
  });
  // People known from group conversations but without a 1:1 yet: offered by name without any request.
  const knownItems: Item[] = dm
    .knownUsers()
    .filter((u) => u.id !== dm.me.id && !partnerHandles.has(u.username.toLowerCase()))
    .map((u) => userItem(u, false));
  const knownHandles = new Set(knownItems.map((i) => (i.recipient as { user: Person }).user.username.toLowerCase()));
  const newGroupItem: Item = {
    label: withIcon('organization', plainText(vscode.l10n.t('New group…'))),
    description: plainText(vscode.l10n.t('2 to 49 people')),
    alwaysShow: true,
    recipient: { kind: 'newGroup' },
  };

  const quickPick = vscode.window.createQuickPick<Item>();
  quickPick.title = options.title;
  quickPick.placeholder = vscode.l10n.t('Type a name or @handle');
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = false;
  quickPick.ignoreFocusOut = false;
  let lookupItems: Item[] = [];

  const render = (): void => {
    const separatorPeople: Item[] = knownItems.length + lookupItems.length > 0 ? [{ label: plainText(vscode.l10n.t('People')), kind: vscode.QuickPickItemKind.Separator }] : [];
    const tail: Item[] = options.allowNewGroup ? [{ label: plainText(''), kind: vscode.QuickPickItemKind.Separator }, newGroupItem] : [];
    quickPick.items = [...lookupItems, ...conversationItems, ...separatorPeople, ...knownItems, ...tail];
  };

  const onLookup = (value: string) => (result: LookupResult): void => {
    if (quickPick.value !== value) return;
    quickPick.busy = false;
    if (result.status === 'found') {
      lookupItems = partnerHandles.has(result.user.username.toLowerCase()) ? [] : [userItem(personOf(result.user), true)];
    } else if (result.status === 'notFound') {
      lookupItems = [{ label: withIcon('circle-slash', plainText(vscode.l10n.t('No X account named @{0}', result.handle))), alwaysShow: true }];
    } else {
      const label = withIcon('warning', plainText(vscode.l10n.t('Could not look up @{0}', result.handle)));
      lookupItems = [{ label, detail: plainMessage(result.error), alwaysShow: true }];
    }
    render();
  };

  const disposables: vscode.Disposable[] = [
    quickPick.onDidChangeValue((value) => {
      lookupItems = [];
      const handle = handleFromQuery(value);
      const alreadyListed = handle !== undefined && (partnerHandles.has(handle.toLowerCase()) || knownHandles.has(handle.toLowerCase()));
      quickPick.busy = handle !== undefined && !alreadyListed;
      if (handle !== undefined && !alreadyListed) lookup.request(value, onLookup(value));
      else lookup.cancel();
      render();
    }),
  ];
  render();

  return new Promise<Recipient | undefined>((resolve) => {
    let settled = false;
    const finish = (value: Recipient | undefined): void => {
      if (settled) return;
      settled = true;
      lookup.cancel();
      for (const d of disposables) d.dispose();
      quickPick.dispose();
      resolve(value);
    };
    disposables.push(
      quickPick.onDidAccept(() => {
        const picked = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
        if (picked?.recipient) finish(picked.recipient);
      }),
      quickPick.onDidHide(() => finish(undefined)),
    );
    quickPick.show();
  });
}
