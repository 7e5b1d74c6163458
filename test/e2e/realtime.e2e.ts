// Real-time delivery through VS Code's UI: the bearer token goes into a password box, a message injected at the
// emulator appears in the panel within 2 s with no /2/dm_events request in between, a second window
// adds no stream connection, and turning it off deletes the subscriptions. Counts come from /__admin/stats and
// /__admin/activity.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { waitFor } from '../harness/proc';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { openAnotherWindow, openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

const APP_BEARER = 'AAAAAAAAAAAAAAAAAAAAAxdmEmulatorAppOnlyBearer0001';

interface Stats {
  requests: { method: string; path: string; status: number }[];
}
interface Activity {
  subscriptions: { event_type: string }[];
  open_streams: number;
  connections_opened: number;
}

let wb: Workbench;
let second: Workbench | undefined;

before(async () => {
  wb = await openWorkbench({ name: 'realtime', preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 60, ...e2eAuthorizeUrlSetting } });
  await signInThroughUi(wb);
});

afterEach(async (t) => {
  if ((t as unknown as { passed?: boolean }).passed === false) await wb?.screenshot('failed').catch(() => undefined);
});

after(async () => {
  await second?.close().catch(() => undefined);
  await wb?.close();
});

async function panel(target: Workbench): Promise<FrameLocator> {
  const frame = await target.openView();
  await frame.locator('.conversation').first().waitFor({ state: 'visible', timeout: 60_000 });
  return frame;
}

async function userId(username: string): Promise<string> {
  const user = (await wb.admin<{ id: string; username: string }[]>('users')).find((u) => u.username === username);
  assert.ok(user, username);
  return user.id;
}

const dmEventsRequests = async (): Promise<number> => (await wb.admin<Stats>('stats')).requests.filter((r) => r.path === '/2/dm_events').length;

test('turning it on asks for the bearer token in a password box, subscribes and opens one stream', async () => {
  await panel(wb);
  await wb.runCommand('X DMs: Turn On Real-time Delivery');
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  assert.equal(await input.getAttribute('type'), 'password', 'the token is typed into a password field');
  await input.fill(APP_BEARER);
  await input.press('Enter');
  await wb.waitForNotification(/Real-time delivery is on/, 30_000);
  const activity = await waitFor('the stream', async () => {
    const a = await wb.admin<Activity>('activity');
    return a.open_streams === 1 ? a : undefined;
  }, 30_000);
  assert.deepEqual(activity.subscriptions.map((s) => s.event_type).sort(), ['dm.received', 'dm.sent']);
  const shown = (await wb.notifications()).join('\n');
  assert.ok(!shown.includes(APP_BEARER), 'the token is never shown');
});

test('a message injected at X appears in the panel within 2 s, with no /2/dm_events request', async () => {
  const view = await panel(wb);
  await wb.admin('stats', undefined, 'DELETE');
  await wb.admin('messages', { from_user_id: await userId('ada_codes'), text: 'Pushed in real time' });
  await view.locator('.conversation', { hasText: 'Pushed in real time' }).first().waitFor({ timeout: 2_000 });
  assert.equal(await dmEventsRequests(), 0);
  await wb.screenshot('pushed-message');
});

test('a second window adds no stream connection and shows pushed messages through the archive', async () => {
  const before = await wb.admin<Activity>('activity');
  second = await openAnotherWindow(wb, 'realtime-b');
  const view = await panel(second);
  await wb.admin('messages', { from_user_id: await userId('yuki_dev'), text: 'Seen by both windows' });
  await view.locator('.conversation', { hasText: 'Seen by both windows' }).first().waitFor({ timeout: 30_000 });
  const afterwards = await wb.admin<Activity>('activity');
  assert.equal(afterwards.open_streams, 1);
  assert.equal(afterwards.connections_opened, before.connections_opened, 'the first window keeps the only connection');
  await second.close();
  second = undefined;
});

test('turning it off deletes the subscriptions and closes the stream', async () => {
  await wb.runCommand('X DMs: Turn Off Real-time Delivery');
  await wb.waitForNotification(/Real-time delivery is off/, 30_000);
  const activity = await waitFor('the stream to close', async () => {
    const a = await wb.admin<Activity>('activity');
    return a.open_streams === 0 ? a : undefined;
  }, 30_000);
  assert.equal(activity.subscriptions.length, 0);
});
