import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArchiveNoticePlan } from '../../../src/dm/archiveNoticePlan';
import type { ArchiveHealth } from '../../../src/dm/dmService';

const healthy: ArchiveHealth = { setAside: [], unsaved: 0, folder: '/a' };

test('a healthy archive says nothing', () => {
  assert.deepEqual(new ArchiveNoticePlan().next(healthy), []);
});

test('read-only is told once per session, with its reason and code', () => {
  const plan = new ArchiveNoticePlan();
  const readOnly: ArchiveHealth = { ...healthy, readOnly: 'ioError', errorCode: 'EIO', unsaved: 3 };
  assert.deepEqual(plan.next(readOnly), [{ kind: 'readOnly', reason: 'ioError', code: 'EIO' }]);
  assert.deepEqual(plan.next(readOnly), []);
});

test('each damaged file set aside is told once', () => {
  const plan = new ArchiveNoticePlan();
  assert.deepEqual(plan.next({ ...healthy, setAside: ['snapshot-3.corrupt-1-ab.json'] }), [
    { kind: 'setAside', names: ['snapshot-3.corrupt-1-ab.json'] },
  ]);
  assert.deepEqual(plan.next({ ...healthy, setAside: ['snapshot-3.corrupt-1-ab.json', 'log-3.corrupt-2-cd.jsonl'] }), [
    { kind: 'setAside', names: ['log-3.corrupt-2-cd.jsonl'] },
  ]);
});

test('failed saves are told once until saving works again', () => {
  const plan = new ArchiveNoticePlan();
  const failing: ArchiveHealth = { ...healthy, unsaved: 2, errorCode: 'ENOSPC' };
  assert.deepEqual(plan.next(failing), [{ kind: 'unsaved', code: 'ENOSPC' }]);
  assert.deepEqual(plan.next({ ...failing, unsaved: 5 }), []);
  assert.deepEqual(plan.next(healthy), []);
  assert.deepEqual(plan.next(failing), [{ kind: 'unsaved', code: 'ENOSPC' }]);
});
