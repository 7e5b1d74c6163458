import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ForbiddenError, NotFoundError } from '../../../src/api/errors';
import { needsMediaPermission } from '../../../src/views/mediaScope';

const XCHAT_KEY = 'Ab3dEf9hIjKlMnOpQrStUvWxYz012345';

test('an X Chat image X refuses (403) asks for media permission; legacy images and other failures do not', () => {
  assert.equal(needsMediaPermission(new ForbiddenError('missing-permission'), XCHAT_KEY), true);
  assert.equal(needsMediaPermission(new ForbiddenError('missing-permission'), '3_1700000000000000000'), false, 'legacy media needs no extra scope');
  assert.equal(needsMediaPermission(new NotFoundError('media'), XCHAT_KEY), false);
  assert.equal(needsMediaPermission(new Error('Unsupported media type.'), XCHAT_KEY), false);
});
