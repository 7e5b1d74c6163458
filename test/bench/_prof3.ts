import * as v from 'valibot';
import { startEmulator } from '../emulator/server';
import { dmEventQuery } from '../../src/api/fields';
import { buildQuery } from '../../src/api/http';
import { DmEventsPageSchema } from '../../src/api/schemas/dmEvents';
const Id = v.pipe(v.string(), v.regex(/^[0-9]{1,19}$/));
const Conv = v.pipe(v.string(), v.regex(/^([0-9]{1,19}-[0-9]{1,19}|[0-9]{15,19})$/));
const Ts = v.pipe(v.string(), v.regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)$/));
const mk = (id: v.GenericSchema<string>, conv: v.GenericSchema<string>, ts: v.GenericSchema<string>) => v.object({
  data: v.optional(v.array(v.object({
    id, event_type: v.string(), text: v.optional(v.string()), sender_id: v.optional(id), dm_conversation_id: v.optional(conv),
    created_at: v.optional(ts), participant_ids: v.optional(v.array(id)),
    attachments: v.optional(v.object({ media_keys: v.optional(v.array(v.string())), card_ids: v.optional(v.array(v.string())) })),
    referenced_tweets: v.optional(v.array(v.object({ id }))), referenced_posts: v.optional(v.array(v.object({ id }))),
  }))),
  includes: v.optional(v.object({ users: v.optional(v.array(v.object({ id, name: v.optional(v.string()), username: v.string(), profile_image_url: v.optional(v.string()), receives_your_dm: v.optional(v.boolean()), protected: v.optional(v.boolean()), verified: v.optional(v.boolean()) }))) })),
  meta: v.optional(v.object({ result_count: v.optional(v.number()), next_token: v.optional(v.string()) })),
});
const variants: Record<string, v.GenericSchema> = {
  current: DmEventsPageSchema,
  plainObjRegex: mk(Id, Conv, Ts),
  plainObjIsoTs: mk(Id, Conv, v.pipe(v.string(), v.isoTimestamp())),
  noRegex: mk(v.string(), v.string(), v.string()),
};
async function main() {
  const emu = await startEmulator({ port: 0, preset: 'large:9000', rateLimits: { dmRead: 1e6 }, selfCheck: false });
  const tok = (await (await fetch(`${emu.url}/__admin/tokens`, { method: 'POST', body: '{}' })).json()).access_token;
  const q = (t?: string) => buildQuery({ max_results: 100, pagination_token: t, ...dmEventQuery() });
  const bodies: unknown[] = [];
  let t: string | undefined;
  do { const j = await (await fetch(`${emu.url}/2/dm_events${q(t)}`, { headers: { authorization: `Bearer ${tok}` } })).json(); bodies.push(j); t = j.meta?.next_token; } while (t);
  await emu.close();
  for (let r = 0; r < 4; r++) {
    const line: string[] = [];
    for (const [name, schema] of Object.entries(variants)) {
      const s = performance.now();
      for (let i = 0; i < 20; i++) for (const b of bodies) { const res = v.safeParse(schema, b, { abortEarly: true, abortPipeEarly: true }); if (!res.success) throw new Error(name + JSON.stringify(res.issues[0].path?.map(p=>p.key))); }
      line.push(`${name} ${((performance.now() - s) / 20).toFixed(2)}`);
    }
    console.log(line.join(' | '));
  }
}
void main();
