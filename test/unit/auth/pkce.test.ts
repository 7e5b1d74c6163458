import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeChallengeS256, createCodeVerifier, createPkcePair } from '../../../src/auth/flows/authorizationCode';

test('S256 challenge matches RFC 7636 appendix B', () => {
  assert.equal(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('verifier from the RFC 7636 appendix B octets', () => {
  const octets = new Uint8Array([
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240,
    91, 88, 5, 88, 83, 132, 141, 121,
  ]);
  assert.equal(createCodeVerifier(() => octets), 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
});

test('verifiers are 43 unreserved characters and differ each time', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const pair = createPkcePair();
    assert.match(pair.verifier, /^[A-Za-z0-9\-._~]{43}$/);
    assert.equal(pair.method, 'S256');
    assert.equal(pair.challenge, codeChallengeS256(pair.verifier));
    seen.add(pair.verifier);
  }
  assert.equal(seen.size, 50);
});
