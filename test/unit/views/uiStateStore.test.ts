import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { UiStateVM } from '../../../src/protocol/viewModels';
import { createUiStateStore } from '../../../src/views/uiStateStore';

const none = () => ({});
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'xdm-uistate-'));
const state = (drafts: UiStateVM['drafts'], openConversationId?: string): UiStateVM => ({ drafts, ...(openConversationId ? { openConversationId } : {}) });

test('two windows without a folder never share drafts (each keeps its own in memory)', () => {
  const first = createUiStateStore(undefined, none);
  const second = createUiStateStore(undefined, none);
  first.write(state({ '7': { savedAt: 1, texts: { '7-8': 'typed in the first empty window' } } }, '7-8'));
  assert.equal(second.read(), undefined);
  assert.equal(first.read()?.drafts['7']?.texts['7-8'], 'typed in the first empty window');
});

test('each workspace has its own file; a file from an older build (drafts not per account) is ignored', () => {
  const a = tempDir();
  const b = tempDir();
  createUiStateStore(a, none).write(state({ '7': { savedAt: 1, texts: { '7-8': 'in a' } } }));
  assert.equal(createUiStateStore(b, none).read(), undefined);
  assert.equal(createUiStateStore(a, none).read()?.drafts['7']?.texts['7-8'], 'in a');
  writeFileSync(path.join(b, 'panel-ui-state.json'), JSON.stringify({ drafts: { '7-8': 'flat' } }));
  assert.equal(createUiStateStore(b, none).read(), undefined);
});

test('forgetting an account drops only its drafts; a deletion time drops older copies wherever they are read', () => {
  const dir = tempDir();
  let deletedAt: Record<string, number> = {};
  const store = createUiStateStore(dir, () => deletedAt);
  store.write(state({ '7': { savedAt: 100, texts: { '7-8': 'seven' } }, '9': { savedAt: 100, texts: { '8-9': 'nine' } } }, '7-8'));
  store.forgetAccount('7');
  assert.deepEqual(store.read(), state({ '9': { savedAt: 100, texts: { '8-9': 'nine' } } }, '7-8'));

  // Another workspace's file still holds account 9's drafts from before its deletion in some other window.
  const other = tempDir();
  createUiStateStore(other, none).write(state({ '9': { savedAt: 100, texts: { '8-9': 'nine' } } }));
  deletedAt = { '9': 150 };
  assert.deepEqual(createUiStateStore(other, () => deletedAt).read()?.drafts, {});
  // A window that did not hear of the deletion posts the old copy: it is not written back. A newer draft is kept.
  store.write(state({ '9': { savedAt: 120, texts: { '8-9': 'stale' } } }));
  assert.deepEqual(store.read()?.drafts, {});
  store.write(state({ '9': { savedAt: 200, texts: { '8-9': 'after signing in again' } } }));
  assert.equal(store.read()?.drafts['9']?.texts['8-9'], 'after signing in again');

  const memory = createUiStateStore(undefined, () => deletedAt);
  memory.write(state({ '9': { savedAt: 120, texts: { '8-9': 'stale' } }, '7': { savedAt: 120, texts: { '7-8': 'kept' } } }));
  assert.deepEqual(Object.keys(memory.read()?.drafts ?? {}), ['7']);
  memory.forgetAccount('7');
  assert.deepEqual(memory.read()?.drafts, {});
});

test('a reader never sees a half-written file while the state is rewritten (temp file + rename)', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'panel-ui-state.json');
  const store = createUiStateStore(dir, none);
  // About 2 MB: large enough that a write in place is observable half-done by a concurrent reader.
  const texts = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`7-${i}`, 'x'.repeat(5_000)]));
  store.write(state({ '7': { savedAt: 1, texts } }));
  const reader = new Worker(
    `const { readFileSync } = require('node:fs');
     const { parentPort, workerData } = require('node:worker_threads');
     let stop = false, reads = 0, partial = 0;
     parentPort.on('message', () => { stop = true; });
     const loop = () => {
       for (let i = 0; i < 20 && !stop; i++) {
         try { JSON.parse(readFileSync(workerData, 'utf8')); reads++; } catch (e) { if (e.code !== 'ENOENT') partial++; }
       }
       if (stop) parentPort.postMessage({ reads, partial }); else setImmediate(loop);
     };
     loop();`,
    { eval: true, workerData: file },
  );
  for (let i = 0; i < 40; i++) {
    store.write(state({ '7': { savedAt: i + 2, texts } }));
    await new Promise((resolve) => setImmediate(resolve));
  }
  const result = await new Promise<{ reads: number; partial: number }>((resolve) => {
    reader.once('message', resolve);
    reader.postMessage('stop');
  });
  await reader.terminate();
  assert.ok(result.reads > 0, 'the reader read the file');
  assert.equal(result.partial, 0, `${result.partial} of ${result.reads + result.partial} reads saw a half-written file`);
  assert.deepEqual(readdirSync(dir), ['panel-ui-state.json'], 'no temp file left behind');
});
