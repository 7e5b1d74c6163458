/**
 * Cuts the stream's bytes into lines. X ends each JSON object with `\r\n` and sends a bare `\r\n` as keep-alive;
 * a chunk may end anywhere, inside a line or inside a UTF-8 character (the decoder keeps partial characters).
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';

  /** The complete lines in this chunk (without their line break; keep-alives as empty strings). */
  push(chunk: Uint8Array): string[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    const parts = this.buffer.split('\n');
    this.buffer = parts.pop() ?? '';
    return parts.map((p) => (p.endsWith('\r') ? p.slice(0, -1) : p));
  }
}
