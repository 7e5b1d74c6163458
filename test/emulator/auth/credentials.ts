/** Credentials the emulator registers by default (documented in test/emulator/README.md). Test-only secrets. */

export const ME_ID = '1849302175620384768';
export const ME_USERNAME = 'you_dev';

export const OAUTH2_CLIENT = {
  clientId: 'xdm-emulator-client',
  name: 'X Direct Messages for VS Code (emulator)',
  redirectUris: ['http://127.0.0.1:53682/callback', 'vscode://xdm.x-direct-messages/callback'],
};

export const OAUTH1 = {
  consumerKey: 'xdmEmulatorConsumerKey0001',
  consumerSecret: 'xdmEmulatorConsumerSecret000000000000000000000001',
  accessToken: `${ME_ID}-xdmEmulatorAccessToken0000000001`,
  accessTokenSecret: 'xdmEmulatorAccessTokenSecret0000000000000000001',
  userId: ME_ID,
};

/** An app-only bearer token: accepted by users lookup, refused by DM endpoints (as on X). */
export const APP_ONLY_BEARER = 'AAAAAAAAAAAAAAAAAAAAAxdmEmulatorAppOnlyBearer0001';

export const ALL_USER_SCOPES = ['dm.read', 'dm.write', 'tweet.read', 'users.read', 'offline.access', 'media.write'];

export const ACCESS_TOKEN_SECONDS = 7200;
export const CODE_LIFETIME_MS = 30_000;
