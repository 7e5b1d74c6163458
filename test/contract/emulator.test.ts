import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import type { ApiVersion } from '../emulator/spec';
import { API_VERSIONS } from '../emulator/spec';
import { validateResponse } from '../emulator/validation';
import { makePng } from '../emulator/generator/png';
import type { PrismProxy, Violation } from './emulatorPrism';
import { startPrismProxy, violationsOf } from './emulatorPrism';
import { contractCases } from './emulatorCases';
import type { CaseContext } from './emulatorCases';

/**
 * The emulator's contract test, once per API version (2.166, 2.167): for every operation of the spec, valid and
 * invalid requests in that version's names go through Prism (validating proxy, that version's document) to an
 * emulator whose default generation is that version. Every response, whatever its status, must validate against
 * the document (0 response violations, checked by Prism and again by ajv); valid requests must also be clean on
 * the request side, and invalid ones must be refused by the emulator with the 4xx the case names.
 */

async function issue(emu: Emulator, body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${emu.url}/__admin/tokens`, { method: 'POST', body: JSON.stringify(body) });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function caseContext(emu: Emulator): Promise<CaseContext> {
  const store = emu.ctx.store;
  const me = store.meId;
  const image = [...store.events.values()].find((e) => e.mediaKeys?.length);
  const media = image ? store.mediaByKey(image.mediaKeys?.[0] ?? '') : undefined;
  const others = [...store.events.values()].find((e) => e.eventType === 'MessageCreate' && e.senderId !== me);
  const group = [...store.conversations.values()].find((c) => c.kind === 'Group');
  assert.ok(image && media && others && group);
  return {
    token: await issue(emu, {}),
    readOnly: await issue(emu, { scopes: ['dm.read', 'tweet.read', 'users.read'] }),
    me,
    imageEventId: image.id,
    imageMediaId: media.id,
    imageResourceId: media.resourceId,
    othersEventId: others.id,
    groupId: group.id,
    png: makePng(16, 16, [10, 20, 30], [200, 100, 50]),
    state: {},
  };
}

function contractSuite(version: ApiVersion): void {
  describe(`emulator contract, API ${version}`, () => {
    let emu: Emulator;
    let prism: PrismProxy;
    let ctx: CaseContext;

    before(async () => {
      emu = await startEmulator({ port: 0, preset: 'demo', rateLimits: { dmRead: 1000, dmWrite: 1000 }, apiVersion: version });
      prism = await startPrismProxy(emu.url, version);
      ctx = await caseContext(emu);
    });

    after(async () => {
      await prism?.close();
      await emu?.close();
    });

    test('every operation: responses validate against the spec (Prism + ajv); invalid requests are refused', async () => {
      const cases = contractCases(version);
      const operations = new Set<string>();
      let responseViolations = 0;
      let ajvViolations = 0;
      const report: string[] = [];
      for (const c of cases) {
        const req = c.request(ctx);
        const headers: Record<string, string> = { ...(req.headers ?? {}) };
        if (req.auth !== 'none') headers.authorization = `Bearer ${req.auth === 'readOnly' ? ctx.readOnly : ctx.token}`;
        let body: string | FormData | undefined;
        if (req.json !== undefined) {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(req.json);
        } else if (req.form) body = req.form;
        const res = await fetch(`${prism.url}${req.path}`, { method: req.method, headers, body });
        const violations = violationsOf(res);
        const contentType = res.headers.get('content-type') ?? '';
        const raw = Buffer.from(await res.arrayBuffer());
        const parsed: unknown = contentType.includes('json') ? JSON.parse(raw.toString('utf8')) : raw;
        const onResponse = violations.filter((v: Violation) => v.location[0] === 'response');
        const onRequest = violations.filter((v: Violation) => v.location[0] === 'request');
        const ajv = contentType.includes('json') ? validateResponse(c.operationId, res.status, contentType, parsed, version) : [];
        responseViolations += onResponse.length;
        ajvViolations += ajv.length;
        operations.add(c.operationId);
        report.push(`${c.valid ? 'valid  ' : 'invalid'} ${res.status} ${c.operationId}: ${c.name}`);
        assert.deepEqual(onResponse, [], `${c.name}: Prism response violations`);
        assert.deepEqual(ajv, [], `${c.name}: ajv response violations`);
        assert.equal(res.status, c.status, `${c.name}: status (${raw.toString('utf8').slice(0, 300)})`);
        if (c.valid) assert.deepEqual(onRequest, [], `${c.name}: a valid request must be clean for Prism too`);
        else if (c.prismSeesIt) assert.ok(onRequest.length > 0, `${c.name}: Prism should also flag the request`);
        c.after?.(ctx, parsed);
      }
      process.stdout.write(
        `# CONTRACT emulator ${version}: ${cases.length} requests, ${operations.size} operations, ${responseViolations} Prism response violations, ${ajvViolations} ajv response violations\n`,
      );
      for (const line of report) process.stdout.write(`#   ${line}\n`);
      assert.equal(operations.size, 20, 'all 20 operations of the spec are exercised');
      assert.equal(responseViolations, 0);
    });

    test('negative control: a schema_break fault is caught by Prism', async () => {
      await fetch(`${emu.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ path: '/2/dm_events', count: 1, schema_break: true }) });
      const res = await fetch(`${prism.url}/2/dm_events?max_results=2`, { headers: { authorization: `Bearer ${ctx.token}` } });
      await res.arrayBuffer();
      const onResponse = violationsOf(res).filter((v) => v.location[0] === 'response');
      assert.ok(onResponse.length > 0, 'Prism must report the broken body');
    });
  });
}

for (const version of API_VERSIONS) contractSuite(version);
