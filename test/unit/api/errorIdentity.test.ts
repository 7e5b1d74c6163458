// dist/extension.js (auth: SignedInElsewhereError) and dist/runtime.js (the API client, sync, outbox) each bundle
// their own copy of src/api/errors.ts. An XApiError made by one copy must still be an XApiError to the other, or
// "another window holds newer tokens" would reach sync and the commands as an unknown failure.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildSync } from 'esbuild';
import type * as Errors from '../../../src/api/errors';

type ErrorsModule = typeof Errors;

/** Two separately loaded bundles of the module, as the two shipped bundles have. */
function twoCopies(): [ErrorsModule, ErrorsModule] {
  const dir = mkdtempSync(path.join(tmpdir(), 'xdm-error-copies-'));
  try {
    const [bundle] = buildSync({ entryPoints: [path.resolve(__dirname, '../../../src/api/errors.ts')], bundle: true, format: 'cjs', platform: 'node', write: false }).outputFiles;
    const files = ['a.js', 'b.js'].map((name) => path.join(dir, name));
    for (const file of files) writeFileSync(file, bundle.text);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return [require(files[0]) as ErrorsModule, require(files[1]) as ErrorsModule];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('an API error from one bundle copy of errors.ts is an XApiError to the other copy', () => {
  const [activation, runtime] = twoCopies();
  assert.notEqual(activation.XApiError, runtime.XApiError, 'two copies, two classes');
  const error = new activation.UnauthorizedError('the token was refused', { status: 401 });
  assert.equal(runtime.isXApiError(error), true);
  assert.equal(activation.isXApiError(new runtime.NetworkError('connection reset')), true);
  assert.equal(runtime.isXApiError(new Error('plain')), false);
  assert.equal(runtime.isXApiError({ kind: 'unauthorized', message: 'looks alike' }), false);
});
