import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import spec166 from './openapi/openapi-dm-2.166.json';
import spec167 from './openapi/openapi-dm-2.167.json';
import chat167 from './openapi/openapi-chat-2.167.json';

/**
 * X's OpenAPI contract in both generations the emulator speaks (2.166 and 2.167), loaded once, with one ajv
 * instance that resolves each document's `#/components/...` refs. Every function takes the version; 2.166 is the
 * default because routing, scopes and the consent page are the same in both documents.
 */

export type ApiVersion = '2.166' | '2.167';
export const API_VERSIONS: readonly ApiVersion[] = ['2.166', '2.167'];

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

/** X ships one document; its DM and X Chat subsets (same 2.167 components) are joined back into one. */
function joined(dm: SpecDocument, extra: SpecDocument): SpecDocument {
  return {
    ...dm,
    paths: { ...dm.paths, ...extra.paths },
    components: {
      ...dm.components,
      parameters: { ...dm.components.parameters, ...extra.components.parameters },
      schemas: { ...dm.components.schemas, ...extra.components.schemas },
    },
  };
}

const DOCUMENTS: Record<ApiVersion, SpecDocument> = {
  '2.166': spec166 as unknown as SpecDocument,
  '2.167': joined(spec167 as unknown as SpecDocument, chat167 as unknown as SpecDocument),
};

/** The 2.166 document (the consent page reads its scope descriptions). */
export const spec = DOCUMENTS['2.166'];

export function specDocument(version: ApiVersion): SpecDocument {
  return DOCUMENTS[version];
}

const specId = (version: ApiVersion): string => `x-openapi-${version}`;

// No meta-schema check: 2.167 lists `attachments.media_keys` twice in one `enum` (X's document, kept verbatim),
// which JSON Schema forbids but which validates values exactly the same.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, validateSchema: false });
addFormats(ajv);
// OpenAPI uses `format: integer` on digit strings (MediaSegments); ajv-formats has no such format.
ajv.addFormat('integer', /^-?[0-9]+$/);
for (const version of API_VERSIONS) ajv.addSchema(DOCUMENTS[version] as unknown as object, specId(version));

const cache = new Map<string, ValidateFunction>();

/** Compiles a schema taken from the version's document (its `$ref`s point into that document). */
export function compile(schema: SpecSchema, version: ApiVersion = '2.166'): ValidateFunction {
  const text = JSON.stringify(schema);
  const key = `${version} ${text}`;
  let fn = cache.get(key);
  if (!fn) {
    const rebased = JSON.parse(text.replaceAll('"#/components/', `"${specId(version)}#/components/`)) as object;
    fn = ajv.compile(rebased);
    cache.set(key, fn);
  }
  return fn;
}

export function resolveParameter(p: SpecParameter, version: ApiVersion = '2.166'): SpecParameter {
  if (!p.$ref) return p;
  const name = p.$ref.split('/').pop() as string;
  const resolved = DOCUMENTS[version].components.parameters[name];
  if (!resolved) throw new Error(`unknown parameter ref ${p.$ref} in ${version}`);
  return resolved;
}

export function resolveSchema(s: SpecSchema, version: ApiVersion = '2.166'): SpecSchema {
  if (!s.$ref) return s;
  const name = s.$ref.split('/').pop() as string;
  return resolveSchema(DOCUMENTS[version].components.schemas[name] ?? {}, version);
}

export function findOperation(operationId: string, version: ApiVersion = '2.166'): { path: string; method: string; op: SpecOperation } {
  for (const [path, ops] of Object.entries(DOCUMENTS[version].paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (op.operationId === operationId) return { path, method: method.toUpperCase(), op };
    }
  }
  throw new Error(`operation ${operationId} is not in the ${version} spec`);
}

/** Response schema for a status, falling back to `default`, for the given media type. */
export function responseSchema(operationId: string, status: number, mediaType: string, version: ApiVersion = '2.166'): SpecSchema | undefined {
  const { op } = findOperation(operationId, version);
  const response = op.responses[String(status)] ?? op.responses.default;
  return response?.content?.[mediaType]?.schema;
}

/**
 * The Problem `type` URIs a document describes, or undefined when its Problem accepts any `type` (2.166's Problem
 * is an open object; 2.167's is a `oneOf` of subtypes, each with a one-value `type` enum).
 */
export function problemTypes(version: ApiVersion): ReadonlySet<string> | undefined {
  const problem = DOCUMENTS[version].components.schemas.Problem as { oneOf?: SpecSchema[] } | undefined;
  if (!problem?.oneOf) return undefined;
  const types = new Set<string>();
  for (const member of problem.oneOf) {
    const resolved = resolveSchema(member, version) as { properties?: { type?: { enum?: string[] } } };
    for (const t of resolved.properties?.type?.enum ?? []) types.add(t);
  }
  return types;
}
