import type { EmuContext } from '../context';
import type { EmuRequest, EmuResponse } from '../http';
import { json } from '../http';
import { forbidden, invalidRequest, notFound } from '../problems';
import type { ParsedBody } from '../validation';
import type { PublicKeyRecord } from './store';

/**
 * `/2/users/{id}/public_keys` and `/2/users/public_keys`: the public halves of users' X Chat keys. Only the owner
 * sees `juicebox_config` (realm list and the realm tokens that authorise the owner's key recovery). The emulator's
 * realm addresses are not reachable: key recovery is a client-side double in tests (Juicebox cannot run locally).
 */

export const EMULATOR_MAX_GUESSES = 10;

export function juiceboxConfig(ctx: EmuContext, userId: string): Record<string, unknown> {
  const realms = [1, 2, 3].map((n) => ({ id: `${'0'.repeat(31)}${n}`, address: `${ctx.baseUrl}/__emulator/juicebox/realm${n}/` }));
  return {
    key_store_token_map_json: JSON.stringify({ realms, register_threshold: 3, recover_threshold: 2, pin_hashing_mode: 'Standard2019' }),
    token_map: realms.map((r) => ({ key: r.id, value: { address: r.address, token: `emulator-realm-token-${r.id.slice(-1)}-${userId}` } })),
    max_guess_count: EMULATOR_MAX_GUESSES,
  };
}

const DEFAULT_FIELDS = ['public_key', 'public_key_version', 'signing_public_key', 'identity_public_key_signature'];

function render(ctx: EmuContext, req: EmuRequest, owner: string, viewer: string, r: PublicKeyRecord): Record<string, unknown> {
  const asked = (req.query.get('public_key.fields') ?? '').split(',').filter(Boolean);
  const fields = new Set(asked.length ? [...asked, 'public_key_version'] : DEFAULT_FIELDS);
  const out: Record<string, unknown> = {};
  if (fields.has('public_key')) out.public_key = r.publicKey;
  if (fields.has('public_key_version')) out.public_key_version = r.version;
  if (fields.has('signing_public_key')) out.signing_public_key = r.signingPublicKey;
  if (fields.has('identity_public_key_signature')) out.identity_public_key_signature = r.identityPublicKeySignature;
  if (fields.has('juicebox_config') && owner === viewer) out.juicebox_config = juiceboxConfig(ctx, owner);
  return out;
}

/** Every registered version, newest first (clients pick the latest per user). */
export function getUserPublicKeys(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  const id = req.params.id ?? '';
  if (!ctx.store.users.has(id)) return notFound(`Could not find user with id: [${id}].`);
  const records = [...(ctx.store.chat.keys.get(id) ?? [])].reverse();
  return json(200, records.length ? { data: records.map((r) => render(ctx, req, id, userId, r)) } : {});
}

/** The latest record of each user that has keys; users without keys are simply absent. */
export function getUsersPublicKeys(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  const ids = (req.query.get('ids') ?? '').split(',');
  const data = ids.flatMap((id) => {
    const r = ctx.store.chat.latestKey(id);
    return r ? [render(ctx, req, id, userId, r)] : [];
  });
  return json(200, data.length ? { data } : {});
}

interface AddKeyBody {
  version: string;
  generate_version?: boolean;
  public_key: { public_key?: string; signing_public_key?: string; identity_public_key_signature?: string };
}

export function addUserPublicKey(ctx: EmuContext, req: EmuRequest, userId: string, body: ParsedBody): EmuResponse {
  if ((req.params.id ?? '') !== userId) return forbidden('You can only register your own public keys.');
  const b = body.json as AddKeyBody | undefined;
  const pk = b?.public_key;
  if (!b || !pk?.public_key || !pk.signing_public_key || !pk.identity_public_key_signature) {
    return invalidRequest([{ message: 'public_key needs public_key, signing_public_key and identity_public_key_signature', parameters: { public_key: [] } }]);
  }
  const now = ctx.clock.now();
  const version = b.generate_version || !/^[0-9]+$/.test(b.version) ? String(now) : b.version;
  const latest = ctx.store.chat.latestKey(userId);
  if (latest && BigInt(latest.version) >= BigInt(version)) {
    return invalidRequest([{ message: `version must be newer than ${latest.version}`, parameters: { version: [b.version] } }]);
  }
  ctx.store.chat.addKey(userId, {
    version,
    publicKey: pk.public_key,
    signingPublicKey: pk.signing_public_key,
    identityPublicKeySignature: pk.identity_public_key_signature,
    registeredAt: now,
  });
  return json(200, { data: { public_key_version: version, juicebox_config: juiceboxConfig(ctx, userId) } });
}
