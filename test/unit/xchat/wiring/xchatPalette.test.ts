// The palette shows Unlock only while the keys can be unlocked and Lock only while they are in memory: the when
// clauses in package.json, evaluated for every value the runtime gives `xdm:xchatState`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { XChatVM } from '../../../../src/protocol/viewModels';
import { xchatContextValue } from '../../../../src/xchat/wiring/xchatVM';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
  contributes: { menus: { commandPalette: { command: string; when?: string }[] } };
};
const whenOf = (id: string): string => manifest.contributes.menus.commandPalette.find((m) => m.command === id)?.when ?? '';

/** Just enough of VS Code's when-clause language for these clauses: `a && b`, `key`, `key == v`, `key =~ /re/`. */
function evaluate(clause: string, context: Record<string, string | boolean>): boolean {
  return clause.split('&&').every((part) => {
    const term = part.trim();
    const regex = /^([\w:.]+) =~ \/(.*)\/$/.exec(term);
    if (regex) return new RegExp(regex[2] as string).test(String(context[regex[1] as string] ?? ''));
    const equals = /^([\w:.]+) == (\w+)$/.exec(term);
    if (equals) return context[equals[1] as string] === equals[2];
    return context[term] === true;
  });
}

const statuses: Array<XChatVM['status'] | undefined> = ['locked', 'unlocking', 'unlocked', 'wrongPasscode', 'noKeys', 'unavailable', 'unsupportedSignIn', undefined];

describe('X Chat commands in the palette', () => {
  test('Unlock shows while locked, after a wrong passcode, when X was unreachable or had no keys; Lock only while unlocked', () => {
    const shown = (id: string): string[] =>
      statuses.filter((status) => evaluate(whenOf(id), { 'xdm:signedIn': true, 'xdm:xchatState': xchatContextValue(status && { status }) })).map(String);
    assert.deepEqual(shown('xdm.xchat.unlock'), ['locked', 'wrongPasscode', 'noKeys', 'unavailable']);
    assert.deepEqual(shown('xdm.xchat.lock'), ['unlocked']);
  });

  test('neither shows when signed out', () => {
    for (const id of ['xdm.xchat.unlock', 'xdm.xchat.lock']) assert.equal(evaluate(whenOf(id), { 'xdm:signedIn': false, 'xdm:xchatState': 'locked' }), false);
  });
});
