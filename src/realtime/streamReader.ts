import { LineSplitter } from './lineSplitter';
import { STREAM_IDLE_TIMEOUT_MS } from './policy';

/**
 * Reads an open stream until it ends, handing each line (keep-alives too) to `onLine`. Resolves with why it
 * ended: X closed it, it went silent past the keep-alive timeout (a dead connection), or we aborted it.
 */
export type StreamEnd = 'closed' | 'idle' | 'aborted';

export async function readStream(
  body: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
  abort: AbortController,
  idleTimeoutMs = STREAM_IDLE_TIMEOUT_MS,
): Promise<StreamEnd> {
  const reader = body.getReader();
  const splitter = new LineSplitter();
  let idle = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      abort.abort();
    }, idleTimeoutMs);
  };
  arm();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return 'closed';
      arm();
      for (const line of splitter.push(value)) onLine(line);
    }
  } catch (error) {
    if (idle) return 'idle';
    if (abort.signal.aborted) return 'aborted';
    throw error;
  } finally {
    if (timer) clearTimeout(timer);
    reader.releaseLock();
  }
}
