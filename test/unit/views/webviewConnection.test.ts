import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conversationNotifications } from '../../../src/protocol/conversations/protocol';
import type { OutgoingMessage } from '../../../src/protocol/conversations/protocol';
import { IpcNotification } from '../../../src/protocol/ipc';
import type { ReadyParams } from '../../../src/protocol/ipc';
import type { HostMessage } from '../../../src/protocol/messages';
import { BadgeUpdater, countBadge } from '../../../src/views/host/badge';
import { WebviewConnection } from '../../../src/views/host/webviewConnection';
import { parseWebviewMessage } from '../../../src/views/messageSchemas';
import { PanelClient } from '../../../webview/client';

const table = {
  snapshot: new IpcNotification<{ n: number }>('core', 'snapshot', 'drop'),
  event: new IpcNotification<{ id: string }>('core', 'event', 'queue'),
} as const;

/** A webview that records what it is given, as VS Code's would deliver it to the current document. */
function setup() {
  const port = { html: '', posted: [] as unknown[], postMessage: async (message: unknown) => (port.posted.push(message), true) };
  const readies: { params: ReadyParams; reconnect: boolean }[] = [];
  const connection = new WebviewConnection(port, table, {
    // The handshake sends a fresh snapshot, as a feature does.
    onReady: (params, reconnect) => {
      readies.push({ params, reconnect });
      connection.notify({ type: 'snapshot', n: 100 + readies.length });
    },
    log: () => undefined,
  });
  return { port, readies, connection };
}

test('nothing is posted before the document says ready; the handshake runs once per ready', () => {
  const { port, readies, connection } = setup();
  connection.setDocument('<html>bootstrap</html>');
  assert.equal(port.html, '<html>bootstrap</html>');
  connection.notify({ type: 'snapshot', n: 1 });
  assert.deepEqual(port.posted, []);
  assert.equal(connection.ready, false);
  connection.receiveReady({ openConversationId: '1-2' });
  assert.equal(connection.ready, true);
  assert.equal(connection.readyCount, 1);
  assert.deepEqual(readies, [{ params: { openConversationId: '1-2' }, reconnect: false }]);
  // The stale snapshot was dropped; the handshake's fresh one went.
  assert.deepEqual(port.posted, [{ type: 'snapshot', n: 101 }]);
  connection.notify({ type: 'snapshot', n: 2 });
  assert.deepEqual(port.posted.at(-1), { type: 'snapshot', n: 2 });
});

test('events posted before ready are queued in order and delivered after the handshake, once', () => {
  const { port, connection } = setup();
  connection.setDocument('doc');
  connection.notify({ type: 'event', id: 'a' });
  connection.notify({ type: 'event', id: 'b' });
  assert.deepEqual(port.posted, []);
  connection.receiveReady({});
  assert.deepEqual(port.posted, [{ type: 'snapshot', n: 101 }, { type: 'event', id: 'a' }, { type: 'event', id: 'b' }]);
  connection.receiveReady({});
  assert.equal(port.posted.filter((m) => (m as { type: string }).type === 'event').length, 2);
});

test('a reloaded document reconnects: the handshake runs again, marked as a reconnect, and posts resume', () => {
  const { port, readies, connection } = setup();
  connection.setDocument('doc');
  connection.receiveReady({ openConversationId: '1-2' });
  // Hidden without retained context (or reloaded): the document is gone until it says ready again.
  connection.notReady();
  connection.notify({ type: 'snapshot', n: 5 });
  connection.notify({ type: 'event', id: 'while-away' });
  assert.deepEqual(port.posted, [{ type: 'snapshot', n: 101 }]);
  connection.receiveReady({ openConversationId: '3-4' });
  assert.equal(connection.readyCount, 2);
  assert.deepEqual(readies.map((r) => r.reconnect), [false, true]);
  assert.deepEqual(readies[1]?.params, { openConversationId: '3-4' });
  assert.deepEqual(port.posted.slice(1), [{ type: 'snapshot', n: 102 }, { type: 'event', id: 'while-away' }]);
});

test('whenReady waits for the handshake; a new document waits for its own', async () => {
  const { connection } = setup();
  let resolved = 0;
  const first = connection.whenReady().then(() => resolved++);
  await Promise.resolve();
  assert.equal(resolved, 0);
  connection.receiveReady({});
  await first;
  assert.equal(resolved, 1);
  connection.setDocument('new doc');
  assert.equal(connection.ready, false);
  const second = connection.whenReady().then(() => resolved++);
  await Promise.resolve();
  assert.equal(resolved, 1);
  connection.receiveReady({});
  await second;
  assert.equal(resolved, 2);
});

test('responses go at once, ready or not (the request came from the current document)', () => {
  const { port, connection } = setup();
  connection.respond({ type: 'response', id: 3, ok: true, result: null });
  assert.deepEqual(port.posted, [{ type: 'response', id: 3, ok: true, result: null }]);
});

/**
 * A webview whose document VS Code can replace behind the host's back ("Reload Webviews"). Each document runs the
 * real webview client; what the host posts before the current document has loaded its script goes nowhere, and
 * what a document posts goes through the host's schemas, as in the extension.
 */
function reloadableWebview() {
  type Doc = { client: PanelClient; listening: boolean; applied: HostMessage[]; held: OutgoingMessage[] | undefined };
  const port = { html: '', postMessage: async (message: unknown) => (current?.listening && current.client.receive(message), true) };
  const connection = new WebviewConnection(port, conversationNotifications, { onReady: () => undefined, log: () => undefined });
  const fromDocument = (message: OutgoingMessage) => {
    const parsed = parseWebviewMessage(message);
    assert.ok(parsed.ok, 'the host accepts what the document sends');
    if (parsed.message.type === 'ready') connection.receiveReady(parsed.message);
    if (parsed.message.type === 'ack') connection.receiveAck(parsed.message);
  };
  let current: Doc | undefined;
  /** VS Code puts a new document in the webview; it listens and says ready only when `boot` is called. */
  const replace = (): Doc => {
    const doc: Doc = {
      listening: false,
      applied: [],
      held: undefined,
      client: new PanelClient({
        // A document that is gone posts nothing more; one that holds its posts sends them on `release`.
        postMessage: (message) => (doc !== current ? undefined : doc.held ? doc.held.push(message) : fromDocument(message)),
        getState: () => undefined,
        setState: () => undefined,
      }),
    };
    doc.client.onNotification((message) => doc.applied.push(message));
    current = doc;
    return doc;
  };
  const boot = (doc: Doc) => {
    doc.listening = true;
    doc.client.ready(undefined);
  };
  const release = (doc: Doc) => {
    for (const message of doc.held?.splice(0) ?? []) fromDocument(message);
    doc.held = undefined;
  };
  return { connection, replace, boot, release };
}

const opens = (doc: { applied: HostMessage[] }) => doc.applied.flatMap((m) => (m.type === 'open' ? [m.conversationId] : []));

test('a queued event posted between a reload and the new document\'s ready reaches that document after its ready, once', () => {
  const { connection, replace, boot } = reloadableWebview();
  connection.setDocument('doc');
  const first = replace();
  boot(first);
  // Reload Webviews: the document is replaced and the host is not told; it still believes the old one is ready.
  const second = replace();
  connection.notify({ type: 'open', conversationId: '1-2' });
  assert.deepEqual(opens(first), []);
  assert.deepEqual(opens(second), [], 'not listening yet: the post went nowhere');
  boot(second);
  assert.deepEqual(opens(second), ['1-2']);
  connection.notify({ type: 'forgetDrafts', userId: '7' });
  assert.deepEqual(opens(second), ['1-2'], 'exactly once');
  assert.deepEqual(second.applied.map((m) => m.type), ['open', 'forgetDrafts']);
});

test('nothing is delivered twice: an acknowledged event is not resent, and a document applies a resent one once', () => {
  const { connection, replace, boot, release } = reloadableWebview();
  connection.setDocument('doc');
  const first = replace();
  boot(first);
  connection.notify({ type: 'open', conversationId: '1-2' });
  assert.deepEqual(opens(first), ['1-2']);
  // The first document acknowledged it: a reloaded document does not get it again.
  const second = replace();
  boot(second);
  assert.deepEqual(opens(second), []);
  // The second gets one but its acknowledgement is still on the way when its ready arrives again.
  second.held = [];
  connection.notify({ type: 'open', conversationId: '3-4' });
  connection.receiveReady({ documentId: second.client.documentId });
  release(second);
  assert.deepEqual(opens(second), ['3-4'], 'the resent copy is recognised and not applied again');
  // Acknowledged now, so the next document starts clean; an event the old document never acknowledged goes to it.
  const third = replace();
  boot(third);
  assert.deepEqual(opens(third), []);
  third.held = [];
  connection.notify({ type: 'closeConversation', conversationId: '3-4' });
  const fourth = replace();
  boot(fourth);
  assert.deepEqual(fourth.applied.map((m) => m.type), ['closeConversation'], 'unacknowledged by the document it reached: sent again');
  assert.deepEqual(third.applied.map((m) => m.type), ['closeConversation']);
});

test('only the ready document\'s own acknowledgement releases an event; one from a replaced document does not', () => {
  const { port, connection } = setup();
  const [a, b] = ['0b7c2e1a-4f5d-4c3b-9a8e-1d2c3b4a5f60', '5e0c9d1b-2a3f-4e6d-8c7b-0a1b2c3d4e5f'];
  connection.setDocument('doc');
  connection.receiveReady({ documentId: a });
  connection.notify({ type: 'event', id: 'x' });
  assert.deepEqual(port.posted.at(-1), { type: 'event', id: 'x', seq: 1, documentId: a });
  connection.setDocument('new doc');
  connection.receiveAck({ documentId: a, seq: 1 });
  connection.receiveReady({ documentId: b });
  connection.receiveAck({ documentId: a, seq: 1 });
  assert.deepEqual(port.posted.at(-1), { type: 'event', id: 'x', seq: 1, documentId: b });
  connection.receiveAck({ documentId: b, seq: 1 });
  connection.receiveReady({ documentId: b });
  assert.deepEqual(port.posted.filter((m) => (m as { type: string }).type === 'event').length, 2);
});

test('an event the handshake itself posts goes after the older queued ones, so receipts arrive in order', () => {
  const posted: unknown[] = [];
  const port = { html: '', postMessage: async (message: unknown) => (posted.push(message), true) };
  const id = '0b7c2e1a-4f5d-4c3b-9a8e-1d2c3b4a5f60';
  const connection = new WebviewConnection(port, table, {
    onReady: () => connection.notify({ type: 'event', id: 'from-handshake' }),
    log: () => undefined,
  });
  connection.notify({ type: 'event', id: 'earlier' });
  connection.receiveReady({ documentId: id });
  assert.deepEqual(posted, [
    { type: 'event', id: 'earlier', seq: 1, documentId: id },
    { type: 'event', id: 'from-handshake', seq: 2, documentId: id },
  ]);
});

test('the badge shows the unread count, and a zero badge (not none) once nothing is unread', () => {
  assert.deepEqual(countBadge(3, (n) => `${n} unread`), { value: 3, tooltip: '3 unread' });
  assert.deepEqual(countBadge(0, (n) => `${n} unread`), { value: 0, tooltip: '' });
  let unread = 2;
  const view: { badge?: { value: number; tooltip: string } } = {};
  const badge = new BadgeUpdater(() => unread, (n) => `${n} unread`);
  badge.update(view);
  assert.deepEqual(view.badge, { value: 2, tooltip: '2 unread' });
  unread = 0;
  badge.update(view);
  assert.deepEqual(view.badge, { value: 0, tooltip: '' });
  badge.update(undefined);
});
