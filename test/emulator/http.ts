import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiVersion } from './spec';

/** What every handler receives: the parsed request plus helpers to answer it. */
export interface EmuRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Path parameters of the matched route template. */
  params: Record<string, string>;
  /** The API generation the request speaks (see generation.ts); 2.166 when unset. */
  generation?: ApiVersion;
}

export interface EmuResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON value, raw bytes, or HTML text. */
  body?: unknown;
  raw?: Buffer | string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmuResponse {
  return { status, body, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } };
}

export function problem(status: number, body: Record<string, unknown>): EmuResponse {
  return { status, body, headers: { 'content-type': 'application/problem+json' } };
}

export function html(status: number, text: string): EmuResponse {
  return {
    status,
    raw: text,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // The consent page is a static form: no script needed, so none allowed. No `form-action`: browsers apply it
      // to the redirect that follows the form post, which must reach the app's loopback or vscode:// callback.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  };
}

export function redirect(location: string): EmuResponse {
  return { status: 302, headers: { location }, raw: '' };
}

export async function readBody(req: IncomingMessage, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function writeResponse(res: ServerResponse, out: EmuResponse): void {
  let payload: Buffer | string = '';
  if (out.raw !== undefined) payload = out.raw;
  else if (out.body !== undefined) payload = JSON.stringify(out.body);
  res.writeHead(out.status, { ...out.headers, 'content-length': Buffer.byteLength(payload).toString() });
  res.end(payload);
}

/** Parses `application/x-www-form-urlencoded` bodies (OAuth endpoints). */
export function formBody(req: EmuRequest): URLSearchParams {
  return new URLSearchParams(req.body.toString('utf8'));
}

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Minimal multipart/form-data parser, enough for media upload forms. */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const chunk = body.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next one
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const head = chunk.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(head)?.[1];
      if (name !== undefined) {
        parts.push({
          name,
          filename: /filename="([^"]*)"/i.exec(head)?.[1],
          contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1],
          data: chunk.subarray(headerEnd + 4),
        });
      }
    }
    pos = next;
  }
  return parts;
}
