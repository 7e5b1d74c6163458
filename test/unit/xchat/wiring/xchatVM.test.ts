import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { xchatContextValue, xchatVM } from '../../../../src/xchat/wiring/xchatVM';

describe("the panel's X Chat row from the service's lock state", () => {
  test('unknown (keys not probed yet) shows no row; every known state shows as itself', () => {
    assert.equal(xchatVM({ status: 'unknown' }, 'oauth2'), undefined);
    assert.equal(xchatVM(undefined, 'oauth2'), undefined, 'a service without X Chat');
    for (const status of ['locked', 'unlocking', 'unlocked', 'noKeys', 'unavailable'] as const) {
      assert.deepEqual(xchatVM({ status }, 'oauth2'), { status });
    }
  });

  test('a wrong passcode carries the guesses the backup reported, and none it did not', () => {
    assert.deepEqual(xchatVM({ status: 'wrongPasscode', guessesLeft: 3 }, 'oauth2'), { status: 'wrongPasscode', guessesLeft: 3 });
    assert.deepEqual(xchatVM({ status: 'wrongPasscode', guessesLeft: 0 }, 'oauth2'), { status: 'wrongPasscode', guessesLeft: 0 });
    assert.deepEqual(xchatVM({ status: 'wrongPasscode' }, 'oauth2'), { status: 'wrongPasscode' });
  });

  test('an OAuth 1.0a sign-in cannot use X Chat, whatever the service says', () => {
    assert.deepEqual(xchatVM(undefined, 'oauth1'), { status: 'unsupportedSignIn' });
    assert.deepEqual(xchatVM({ status: 'locked' }, 'oauth1'), { status: 'unsupportedSignIn' });
  });

  test('the palette context key: the status, or none without a row', () => {
    assert.equal(xchatContextValue(undefined), 'none');
    assert.equal(xchatContextValue({ status: 'wrongPasscode', guessesLeft: 2 }), 'wrongPasscode');
  });
});
