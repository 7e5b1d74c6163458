import type { ErrorObject } from 'ajv';
import type { EmuRequest, MultipartPart } from './http';
import { parseMultipart } from './http';
import type { InvalidParam } from './problems';
import type { ApiVersion } from './spec';
import { compile, findOperation, resolveParameter, resolveSchema, responseSchema } from './spec';

/**
 * Request validation against the OpenAPI operation of one API version: path and query parameters (comma-joined arrays, integers,
 * enums, patterns, min/max), unknown query parameters, and JSON/multipart bodies. Produces X's 400 error list.
 */

export interface ParsedBody {
  json?: unknown;
  multipart?: MultipartPart[];
}

function describe(name: string, where: string, value: string, err: ErrorObject | undefined): string {
  const base = `The \`${name}\` ${where} parameter value [${value}]`;
  if (!err) return `${base} is not valid`;
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'enum':
      return `${base} is not one of [${(p.allowedValues as string[]).join(',')}]`;
    case 'pattern':
      return `${base} does not match ${String(p.pattern)}`;
    case 'minLength':
      return `${base} is too short (at least ${String(p.limit)} characters)`;
    case 'minItems':
      return `The \`${name}\` ${where} parameter can not be empty`;
    case 'maxItems':
      return `The \`${name}\` ${where} parameter has more than ${String(p.limit)} items`;
    case 'uniqueItems':
      return `${base} contains duplicate items`;
    default:
      return `${base} ${err.message ?? 'is not valid'}`;
  }
}

function rangeMessage(name: string, where: string, value: string, schema: Record<string, unknown>): string {
  return `The \`${name}\` ${where} parameter value [${value}] is not between ${String(schema.minimum)} and ${String(schema.maximum)}`;
}

export function validateRequest(
  operationId: string,
  req: EmuRequest,
  version: ApiVersion = '2.166',
): { errors: InvalidParam[]; body: ParsedBody } {
  const { op } = findOperation(operationId, version);
  const errors: InvalidParam[] = [];
  const params = (op.parameters ?? []).map((p) => resolveParameter(p, version));
  const known = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
  for (const name of new Set(req.query.keys())) {
    if (!known.has(name)) {
      errors.push({
        message: `The query parameter [${name}] is not one of [${[...known].join(',')}]`,
        parameters: { [name]: req.query.getAll(name) },
      });
    }
  }
  for (const p of params) {
    if (p.in === 'header') continue;
    const raw = p.in === 'path' ? req.params[p.name] : (req.query.get(p.name) ?? undefined);
    if (raw === undefined) {
      if (p.required) {
        errors.push({ message: `The \`${p.name}\` ${p.in} parameter is missing`, parameters: { [p.name]: [] } });
      }
      continue;
    }
    const schema = resolveSchema(p.schema, version);
    let value: unknown = raw;
    if (schema.type === 'array') value = raw === '' ? [] : raw.split(',');
    else if (schema.type === 'integer') {
      if (!/^-?[0-9]+$/.test(raw)) {
        errors.push({ message: `The \`${p.name}\` ${p.in} parameter value [${raw}] is not a number`, parameters: { [p.name]: [raw] } });
        continue;
      }
      value = Number(raw);
    }
    const validate = compile(p.schema, version);
    if (!validate(value)) {
      const err = validate.errors?.[0];
      const message =
        err && (err.keyword === 'minimum' || err.keyword === 'maximum')
          ? rangeMessage(p.name, p.in, raw, schema)
          : describe(p.name, p.in, raw, err);
      errors.push({ message, parameters: { [p.name]: [raw] } });
    }
  }
  const body: ParsedBody = {};
  if (op.requestBody) validateBody(op.requestBody.content, req, body, errors, version);
  return { errors, body };
}

function validateBody(
  content: Record<string, { schema: Parameters<typeof compile>[0] }>,
  req: EmuRequest,
  out: ParsedBody,
  errors: InvalidParam[],
  version: ApiVersion,
): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (req.body.length === 0 && type === '') return; // handlers decide whether a body is needed
  if (type === 'multipart/form-data' && content['multipart/form-data']) {
    const parts = parseMultipart(req.body, req.headers['content-type'] ?? '');
    if (!parts) errors.push({ message: 'The multipart body could not be parsed', parameters: { body: [] } });
    else out.multipart = parts;
    return;
  }
  const jsonContent = content['application/json'];
  if (!jsonContent || type !== 'application/json') {
    errors.push({
      message: `The request content type [${type}] is not one of [${Object.keys(content).join(',')}]`,
      parameters: { 'content-type': [type] },
    });
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString('utf8'));
  } catch {
    errors.push({ message: 'The request body is not valid JSON', parameters: { body: [req.body.toString('utf8').slice(0, 200)] } });
    return;
  }
  const validate = compile(jsonContent.schema, version);
  if (!validate(parsed)) {
    // anyOf reports every branch; the most specific (deepest) error is the useful one.
    const all = [...(validate.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length);
    const err = all.find((e) => e.keyword !== 'anyOf') ?? all[0];
    const where = err?.instancePath ? err.instancePath.slice(1).replaceAll('/', '.') : 'body';
    const extra = err?.keyword === 'additionalProperties' ? ` (${String((err.params as Record<string, unknown>).additionalProperty)})` : '';
    errors.push({
      message: `\`${where}\` ${err?.message ?? 'is not valid'}${extra}`,
      parameters: { [where]: [JSON.stringify(pick(parsed, err?.instancePath ?? '')) ?? ''] },
    });
    return;
  }
  out.json = parsed;
}

function pick(value: unknown, pointer: string): unknown {
  let cur = value;
  for (const key of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Checks a JSON response against the spec (used by the emulator's self-check and the unit tests). */
export function validateResponse(
  operationId: string,
  status: number,
  contentType: string,
  body: unknown,
  version: ApiVersion = '2.166',
): string[] {
  const mediaType = contentType.split(';')[0]?.trim() ?? '';
  const schema = responseSchema(operationId, status, mediaType, version);
  if (!schema) return [`no ${mediaType} response for status ${status} in ${operationId}`];
  if (mediaType === 'application/octet-stream') return [];
  const validate = compile(schema, version);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
