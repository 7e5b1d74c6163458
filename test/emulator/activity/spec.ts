import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import chat from '../openapi/openapi-chat-2.167.json';
import type { InvalidParam } from '../problems';

/**
 * The Activity API's contract: the `/2/activity/*` paths of X's 2.167 document (its X Chat subset, copied verbatim
 * to `openapi/openapi-chat-2.167.json`). Requests are checked against its parameters and request body; responses
 * against its response schemas (the contract tests run the same document through Prism).
 */

interface Param {
  name: string;
  in: string;
  required?: boolean;
  schema: object;
}
interface Op {
  operationId: string;
  parameters?: Param[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}

const doc = chat as unknown as { paths: Record<string, Record<string, Op>> };
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(chat as object, 'x-chat-2.167');
const cache = new Map<object, ValidateFunction>();

function compile(schema: object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"x-chat-2.167#/components/')) as object);
    cache.set(schema, fn);
  }
  return fn;
}

export function activityOperation(operationId: string): Op {
  for (const ops of Object.values(doc.paths)) for (const op of Object.values(ops)) if (op.operationId === operationId) return op;
  throw new Error(`operation ${operationId} is not in the chat document`);
}

/** X's 400 entries for query/path parameters and the JSON body that do not match the operation. */
export function validateActivityRequest(operationId: string, query: URLSearchParams, pathParams: Record<string, string>, body: unknown): InvalidParam[] {
  const op = activityOperation(operationId);
  const errors: InvalidParam[] = [];
  const params = op.parameters ?? [];
  const known = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
  for (const name of new Set(query.keys())) {
    if (!known.has(name)) errors.push({ message: `The query parameter [${name}] is not one of [${[...known].join(',')}]`, parameters: { [name]: query.getAll(name) } });
  }
  for (const p of params) {
    const raw = p.in === 'path' ? pathParams[p.name] : (query.get(p.name) ?? undefined);
    if (raw === undefined) {
      if (p.required) errors.push({ message: `The \`${p.name}\` ${p.in} parameter is missing`, parameters: { [p.name]: [] } });
      continue;
    }
    const type = (p.schema as { type?: string }).type;
    const value: unknown = type === 'array' ? raw.split(',') : type === 'integer' && /^-?[0-9]+$/.test(raw) ? Number(raw) : raw;
    if (!compile(p.schema)(value)) errors.push({ message: `The \`${p.name}\` ${p.in} parameter value [${raw}] is not valid`, parameters: { [p.name]: [raw] } });
  }
  const bodySchema = op.requestBody?.content['application/json']?.schema;
  if (bodySchema) {
    const check = compile(bodySchema);
    if (!check(body)) {
      for (const e of check.errors ?? []) errors.push({ message: `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`, parameters: { body: [e.instancePath] } });
    }
  }
  return errors;
}

/** Violations of the response schema for `status` (ajv messages; empty when it fits). */
export function activityResponseErrors(operationId: string, status: number, body: unknown): string[] {
  const op = activityOperation(operationId);
  const schema = (op.responses[String(status)] ?? op.responses.default)?.content?.['application/json']?.schema;
  if (!schema) return [`no schema for ${status}`];
  const check = compile(schema);
  return check(body) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
