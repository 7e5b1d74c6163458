import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoopbackHost } from '../../../src/auth/endpointPolicy';
import { chooseRedirect } from '../../../src/auth/flows';

const port = 53682;

test('local desktop windows use the loopback server', () => {
  assert.equal(chooseRedirect({ uiKind: 'desktop', remoteName: undefined, loopbackPort: port }), 'loopback');
});

test('code-server opened on 127.0.0.1 (browser on the same machine) uses loopback despite the port proxy', () => {
  assert.equal(
    chooseRedirect({ uiKind: 'web', remoteName: 'localhost:8080', loopbackPort: port, externalLoopback: { hostname: '127.0.0.1', port: 8080 } }),
    'loopback',
  );
});

test('a web workbench served from another host falls back to the URI handler', () => {
  assert.equal(
    chooseRedirect({ uiKind: 'web', remoteName: 'dev.example.com', loopbackPort: port, externalLoopback: { hostname: 'dev.example.com', port: 443 } }),
    'uri',
  );
});

test('desktop remotes: loopback only when the forward kept the registered port', () => {
  assert.equal(chooseRedirect({ uiKind: 'desktop', remoteName: 'ssh-remote', loopbackPort: port, externalLoopback: { hostname: '127.0.0.1', port } }), 'loopback');
  assert.equal(chooseRedirect({ uiKind: 'desktop', remoteName: 'ssh-remote', loopbackPort: port, externalLoopback: { hostname: 'localhost', port: 53999 } }), 'uri');
});

test('without an external mapping the default is loopback', () => {
  assert.equal(chooseRedirect({ uiKind: 'web', remoteName: 'x', loopbackPort: port }), 'loopback');
});

test('loopback hosts', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '[::1]', '::1']) assert.equal(isLoopbackHost(host), true, host);
  for (const host of ['10.0.0.1', 'example.com', '127.0.0.1.nip.io', '0.0.0.0']) assert.equal(isLoopbackHost(host), false, host);
});
