import * as v from 'valibot';
import { conversationIdSchema } from './messageSchemas';

/**
 * What an editor tab persists across reloads (its webview's setState, handed back to the panel serializer): the
 * conversation id and nothing else. It comes back from disk, so it is checked like any webview message.
 */
export const tabStateSchema = v.strictObject({ conversationId: conversationIdSchema });
export type TabState = v.InferOutput<typeof tabStateSchema>;

export function parseTabState(raw: unknown): TabState | undefined {
  const parsed = v.safeParse(tabStateSchema, raw);
  return parsed.success ? parsed.output : undefined;
}

// C0/C1 controls, bidi embeddings/overrides/isolates and marks, line/paragraph separators.
const UNSAFE = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/gu;
const MAX_TITLE = 60;

/**
 * A tab title from a conversation title, which strangers choose (names, group names): without control or bidi
 * characters, so it cannot reorder or hide the rest of the title bar, on one line, at most {@link MAX_TITLE}
 * graphemes. `fallback` when nothing is left.
 */
export function tabTitle(title: string, fallback: string): string {
  const plain = title.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  if (plain === '') return fallback;
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(plain)].map((s) => s.segment);
  return graphemes.length <= MAX_TITLE ? plain : `${graphemes.slice(0, MAX_TITLE - 1).join('').trimEnd()}…`;
}
