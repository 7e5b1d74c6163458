import { parseArgs } from 'node:util';
import { startEmulator } from './server';
import { OAUTH1, OAUTH2_CLIENT } from './auth/credentials';
import { API_VERSIONS } from './spec';

/**
 * `npm run emulator -- --port 4010 --preset demo [--any-loopback-port] [--now <iso|ms>] [--auto-reply <ms>]
 * [--api-version 2.166|2.167]`: runs until stopped.
 */

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    preset: { type: 'string', default: 'demo' },
    'any-loopback-port': { type: 'boolean', default: false },
    now: { type: 'string' },
    'dm-read-limit': { type: 'string' },
    'dm-write-limit': { type: 'string' },
    'auto-reply': { type: 'string' },
    'api-version': { type: 'string', default: '2.166' },
  },
});

const apiVersion = API_VERSIONS.find((v) => v === values['api-version']);
if (!apiVersion) {
  process.stderr.write(`--api-version must be one of ${API_VERSIONS.join(', ')}\n`);
  process.exit(2);
}

const nowArg = values.now === undefined ? undefined : /^[0-9]+$/.test(values.now) ? Number(values.now) : Date.parse(values.now);
const rateLimits: Record<string, number> = {};
if (values['dm-read-limit']) rateLimits.dmRead = Number(values['dm-read-limit']);
if (values['dm-write-limit']) rateLimits.dmWrite = Number(values['dm-write-limit']);

async function main(): Promise<void> {
const emu = await startEmulator({
  port: Number(values.port),
  preset: values.preset,
  anyLoopbackPort: values['any-loopback-port'],
  now: nowArg,
  rateLimits,
  autoReplyMs: values['auto-reply'] === undefined ? undefined : Number(values['auto-reply']),
  apiVersion,
});

process.stdout.write(`${emu.url}\n`);
process.stdout.write(
  [
    `X API emulator (preset ${values.preset}, API ${apiVersion} unless a request names the other version) listening on ${emu.url}`,
    `  settings: "xdm.api.baseUrl": "${emu.url}", "xdm.oauth.authorizeUrl": "${emu.url}/i/oauth2/authorize", "xdm.clientId": "${OAUTH2_CLIENT.clientId}"`,
    `  redirect URIs: ${OAUTH2_CLIENT.redirectUris.join(', ')}${values['any-loopback-port'] ? ' (+ any http://127.0.0.1:<port>/callback)' : ''}`,
    `  OAuth 1.0a: consumer ${OAUTH1.consumerKey}, token ${OAUTH1.accessToken}`,
    `  control: ${emu.url}/__admin/stats (see test/emulator/README.md)`,
    '',
  ].join('\n'),
);

const stop = (): void => {
  void emu.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator failed to start: ${String(err)}\n`);
  process.exit(1);
});
