import * as vscode from 'vscode';
import { personOf, type Person } from '../dm/model/person';
import type { CommandContext } from './commandContext';
import type { AccountContext } from './commandDeps';
import { userItemDetail } from './pickRecipient';
import { plainMessage } from './showError';
import { promptMessageText } from './promptMessageText';
import { sendWithProgress } from './sendWithProgress';
import { handleFromQuery, type UserLookup } from './userLookup';
import { NAME_MAX, joinPlain, plainText, type PlainQuickPickItem } from '../util/plainText';

/** X's group size, not counting the signed-in user. */
export const MIN_GROUP = 2;
export const MAX_GROUP = 49;

interface PersonItem extends PlainQuickPickItem {
  user?: Person;
}

function personItem(user: Person, alwaysShow: boolean): PersonItem {
  return { label: plainText(user.name, { max: NAME_MAX }), description: plainText(`@${user.username}`), detail: userItemDetail(user), alwaysShow, user };
}

/** Multi-select of 2–49 people: archive users at once, `@handle`s through X's lookup; selection survives typing. */
export function pickGroupMembers(ctx: AccountContext, lookup: UserLookup): Promise<Person[] | undefined> {
  const known = ctx.dm.knownUsers().filter((u) => u.id !== ctx.dm.me.id);
  const selected = new Map<string, Person>();
  let extra: PersonItem[] = [];
  const quickPick = vscode.window.createQuickPick<PersonItem>();
  quickPick.canSelectMany = true;
  quickPick.matchOnDescription = true;
  quickPick.ignoreFocusOut = true;
  quickPick.placeholder = vscode.l10n.t('Type names or @handles; Space selects, Enter continues');

  const updateTitle = (): void => {
    quickPick.title = vscode.l10n.t('New Group: {0} selected (choose {1} to {2})', selected.size, MIN_GROUP, MAX_GROUP);
  };
  const render = (): void => {
    const seen = new Set<string>();
    const people: PersonItem[] = [];
    // Selected people picked up through a lookup stay listed even when the filter changes.
    for (const user of [...selected.values(), ...known]) {
      if (seen.has(user.id)) continue;
      seen.add(user.id);
      people.push(personItem(user, selected.has(user.id)));
    }
    const extras = extra.filter((i) => !i.user || !seen.has(i.user.id));
    quickPick.items = [...extras, ...people];
    quickPick.selectedItems = quickPick.items.filter((i) => i.user && selected.has(i.user.id));
    updateTitle();
  };

  const disposables: vscode.Disposable[] = [
    quickPick.onDidChangeSelection((items) => {
      const visibleIds = new Set(quickPick.items.filter((i) => i.user).map((i) => i.user!.id));
      for (const id of [...selected.keys()]) if (visibleIds.has(id)) selected.delete(id);
      for (const item of items) if (item.user) selected.set(item.user.id, item.user);
      updateTitle();
    }),
    quickPick.onDidChangeValue((value) => {
      // Items are replaced only when the lookup rows change: replacing them re-announces the selection.
      const hadExtra = extra.length > 0;
      extra = [];
      const handle = handleFromQuery(value);
      const listed = handle !== undefined && known.some((u) => u.username.toLowerCase() === handle.toLowerCase());
      if (handle === undefined || listed) {
        lookup.cancel();
        quickPick.busy = false;
        if (hadExtra) render();
        return;
      }
      quickPick.busy = true;
      lookup.request(value, (result) => {
        if (quickPick.value !== value) return;
        quickPick.busy = false;
        if (result.status === 'found') extra = [personItem(personOf(result.user), true)];
        else if (result.status === 'notFound') extra = [{ label: plainText(vscode.l10n.t('No X account named @{0}', result.handle)), alwaysShow: true }];
        else extra = [{ label: plainText(vscode.l10n.t('Could not look up @{0}', result.handle)), detail: plainMessage(result.error), alwaysShow: true }];
        render();
      });
      if (hadExtra) render();
    }),
  ];
  render();

  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: Person[] | undefined): void => {
      if (settled) return;
      settled = true;
      lookup.cancel();
      for (const d of disposables) d.dispose();
      quickPick.dispose();
      resolve(value);
    };
    disposables.push(
      quickPick.onDidAccept(() => {
        if (selected.size < MIN_GROUP || selected.size > MAX_GROUP) {
          quickPick.placeholder = vscode.l10n.t('A group needs {0} to {1} people besides you; {2} selected.', MIN_GROUP, MAX_GROUP, selected.size);
          return;
        }
        finish([...selected.values()]);
      }),
      quickPick.onDidHide(() => finish(undefined)),
    );
    quickPick.show();
  });
}

/** X DMs: New Group… — members, then the first message (X creates a group only together with a message). */
export async function newGroup(cc: CommandContext): Promise<void> {
  const ctx = await cc.account();
  if (!ctx) return;
  const members = await pickGroupMembers(ctx, cc.lookup(ctx));
  if (!members) return;
  const label = joinPlain(members.map((u) => plainText(u.name, { max: NAME_MAX })), ', ');
  const text = await promptMessageText(label);
  if (text === undefined) return;
  // Someone found by @handle is not in the archive yet; the new group's title needs their name.
  ctx.dm.rememberUsers(members);
  await sendWithProgress(ctx, cc.deps.view, cc.deps.log, { groupParticipantIds: members.map((u) => u.id) }, text, label);
}
