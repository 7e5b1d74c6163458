import type { ServerResponse } from 'node:http';
import type { EmuResponse } from './http';

/**
 * Scripted failures for the next `count` matching requests: a status/body instead of the real answer, a delay,
 * a malformed (complete but unparseable) body, a schema-breaking body, a connection reset before the request is
 * handled, the real answer cut off halfway (`truncate_body`: the connection drops mid-body), or (`drop_response`)
 * the request handled in full and the connection reset instead of the answer — a send that reached X whose
 * response was lost.
 */

export interface FaultSpec {
  method?: string;
  /** Path prefix, e.g. `/2/dm_events`. */
  path?: string;
  count: number;
  status?: number;
  body?: unknown;
  delay_ms?: number;
  malformed?: boolean;
  schema_break?: boolean;
  reset_connection?: boolean;
  truncate_body?: boolean;
  drop_response?: boolean;
}

export class Faults {
  private list: FaultSpec[] = [];

  add(spec: FaultSpec): void {
    this.list.push({ ...spec });
  }

  clear(): void {
    this.list = [];
  }

  pending(): FaultSpec[] {
    return this.list.map((f) => ({ ...f }));
  }

  /** Takes the first fault matching the request, consuming one of its `count`. */
  take(method: string, path: string): FaultSpec | undefined {
    const i = this.list.findIndex(
      (f) => (!f.method || f.method.toUpperCase() === method) && (!f.path || path.startsWith(f.path)),
    );
    if (i < 0) return undefined;
    const fault = this.list[i] as FaultSpec;
    fault.count--;
    if (fault.count <= 0) this.list.splice(i, 1);
    return fault;
  }
}

export function parseFault(input: unknown): FaultSpec | string {
  if (input === null || typeof input !== 'object') return 'body must be an object';
  const f = input as Record<string, unknown>;
  const count = f.count ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return 'count must be a positive integer';
  if (f.status !== undefined && (typeof f.status !== 'number' || f.status < 100 || f.status > 599)) return 'status must be an HTTP status';
  if (f.delay_ms !== undefined && (typeof f.delay_ms !== 'number' || f.delay_ms < 0)) return 'delay_ms must be >= 0';
  for (const k of ['method', 'path'] as const) if (f[k] !== undefined && typeof f[k] !== 'string') return `${k} must be a string`;
  for (const k of ['malformed', 'schema_break', 'reset_connection', 'truncate_body', 'drop_response'] as const) {
    if (f[k] !== undefined && typeof f[k] !== 'boolean') return `${k} must be a boolean`;
  }
  return {
    method: f.method as string | undefined,
    path: f.path as string | undefined,
    count,
    status: f.status as number | undefined,
    body: f.body,
    delay_ms: f.delay_ms as number | undefined,
    malformed: f.malformed as boolean | undefined,
    schema_break: f.schema_break as boolean | undefined,
    reset_connection: f.reset_connection as boolean | undefined,
    truncate_body: f.truncate_body as boolean | undefined,
    drop_response: f.drop_response as boolean | undefined,
  };
}

/** Breaks the contract in a way a validating client must notice: ids become numbers, required fields vanish. */
export function breakSchema(body: unknown): unknown {
  if (body === null || typeof body !== 'object') return { data: 42 };
  const copy = structuredClone(body) as Record<string, unknown>;
  const data = copy.data;
  const mangle = (o: unknown): unknown => {
    if (o === null || typeof o !== 'object') return o;
    const r = { ...(o as Record<string, unknown>) };
    if (typeof r.id === 'string') r.id = Number.parseInt(r.id, 10);
    delete r.event_type;
    delete r.username;
    if ('dm_event_id' in r) r.dm_event_id = 12345;
    return r;
  };
  if (Array.isArray(data)) copy.data = data.map(mangle);
  else if (data !== undefined) copy.data = mangle(data);
  else copy.data = 'broken';
  return copy;
}

/**
 * Sends the status, the headers with the full content-length and only the first half of the body, then drops the
 * connection: what a client sees when the network breaks while X is answering.
 */
export function writeCutOff(res: ServerResponse, out: EmuResponse): void {
  const payload = Buffer.from(out.raw ?? (out.body === undefined ? '' : JSON.stringify(out.body)));
  res.writeHead(out.status, { ...out.headers, 'content-length': String(payload.length) });
  res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
}
