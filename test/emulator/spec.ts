import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import specJson from './openapi/openapi-dm-2.166.json';

/** The OpenAPI 2.166 contract, loaded once, with an ajv instance that resolves its `#/components/...` refs. */

export interface SpecSchema {
  type?: string;
  items?: SpecSchema;
  $ref?: string;
  [key: string]: unknown;
}

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: SpecSchema;
  $ref?: string;
}

interface SpecContent {
  schema: SpecSchema;
}

export interface SpecOperation {
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: SpecParameter[];
  requestBody?: { required?: boolean; content: Record<string, SpecContent> };
  responses: Record<string, { content?: Record<string, SpecContent> }>;
}

interface SpecDocument {
  info: { version: string };
  paths: Record<string, Record<string, SpecOperation>>;
  components: { parameters: Record<string, SpecParameter>; schemas: Record<string, SpecSchema> };
}

export const spec = specJson as unknown as SpecDocument;
export const SPEC_ID = 'x-openapi-2.166';

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
// OpenAPI uses `format: integer` on digit strings (MediaSegments); ajv-formats has no such format.
ajv.addFormat('integer', /^-?[0-9]+$/);
ajv.addSchema(spec as unknown as object, SPEC_ID);

const cache = new Map<string, ValidateFunction>();

/** Compiles a schema taken from the spec (its `$ref`s point into the document). */
export function compile(schema: SpecSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  let fn = cache.get(key);
  if (!fn) {
    const rebased = JSON.parse(key.replaceAll('"#/components/', `"${SPEC_ID}#/components/`)) as object;
    fn = ajv.compile(rebased);
    cache.set(key, fn);
  }
  return fn;
}

export function resolveParameter(p: SpecParameter): SpecParameter {
  if (!p.$ref) return p;
  const name = p.$ref.split('/').pop() as string;
  const resolved = spec.components.parameters[name];
  if (!resolved) throw new Error(`unknown parameter ref ${p.$ref}`);
  return resolved;
}

export function resolveSchema(s: SpecSchema): SpecSchema {
  if (!s.$ref) return s;
  const name = s.$ref.split('/').pop() as string;
  return resolveSchema(spec.components.schemas[name] ?? {});
}

export function findOperation(operationId: string): { path: string; method: string; op: SpecOperation } {
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (op.operationId === operationId) return { path, method: method.toUpperCase(), op };
    }
  }
  throw new Error(`operation ${operationId} is not in the spec`);
}

/** Response schema for a status, falling back to `default`, for the given media type. */
export function responseSchema(operationId: string, status: number, mediaType: string): SpecSchema | undefined {
  const { op } = findOperation(operationId);
  const response = op.responses[String(status)] ?? op.responses.default;
  return response?.content?.[mediaType]?.schema;
}
