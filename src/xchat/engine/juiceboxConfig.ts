import * as v from 'valibot';

/**
 * The `juicebox_config` of the user's own public-key record, turned into what juicebox-sdk needs: its realm
 * configuration (JSON) and the auth token of each realm, taken from the record's token map. Shapes as X and the
 * Chat XDK document them: `key_store_token_map_json` (used verbatim: it carries realm public keys and thresholds)
 * with `token_map`, or a bare `token_map` from which the realm list is derived.
 */

const TokenMapSchema = v.array(
  v.object({
    key: v.pipe(v.string(), v.regex(/^[0-9a-fA-F]{1,64}$/)),
    value: v.object({ address: v.optional(v.pipe(v.string(), v.url())), token: v.string() }),
  }),
);

export const JuiceboxConfigSchema = v.object({
  key_store_token_map_json: v.optional(v.string()),
  token_map: TokenMapSchema,
  max_guess_count: v.optional(v.number()),
});

export interface JuiceboxSetup {
  /** JSON for juicebox-sdk's `Configuration`. */
  realmConfig: string;
  /** Realm id (lowercase hex) → auth token. */
  tokens: Map<string, string>;
}

export type ConfigProblem = 'invalid';

export function juiceboxSetup(config: unknown): JuiceboxSetup | ConfigProblem {
  const parsed = v.safeParse(JuiceboxConfigSchema, config);
  if (!parsed.success) return 'invalid';
  const { key_store_token_map_json: embedded, token_map: tokenMap } = parsed.output;
  const tokens = new Map(tokenMap.map((e) => [e.key.toLowerCase(), e.value.token]));
  if (embedded !== undefined) {
    try {
      const realm = JSON.parse(embedded) as unknown;
      if (realm === null || typeof realm !== 'object' || Array.isArray(realm)) return 'invalid';
    } catch {
      return 'invalid';
    }
    return { realmConfig: embedded, tokens };
  }
  const realms = tokenMap.map((e) => ({ id: e.key, address: e.value.address }));
  if (realms.some((r) => r.address === undefined)) return 'invalid';
  // Without X's embedded config: every realm registers, a majority recovers (the Chat XDK's own derivation).
  const realmConfig = { realms, register_threshold: realms.length, recover_threshold: Math.floor(realms.length / 2) + 1, pin_hashing_mode: 'Standard2019' };
  return { realmConfig: JSON.stringify(realmConfig), tokens };
}

/** Realm ids reach the token callback as bytes or hex, depending on the SDK build. */
export function realmHex(realmId: Uint8Array | string): string {
  return typeof realmId === 'string' ? realmId.toLowerCase() : Buffer.from(realmId).toString('hex');
}
