import * as v from 'valibot';
import { TITLE_MAX, plainText, type PlainText } from '../util/plainText';
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

/** The sidebar's open conversation from its saved webview state (back from disk): a well-formed id or nothing. */
export function parseSidebarOpenId(raw: unknown): string | undefined {
  const parsed = v.safeParse(v.looseObject({ openConversationId: v.optional(conversationIdSchema) }), raw);
  return parsed.success ? parsed.output.openConversationId : undefined;
}

/**
 * A tab title from a conversation title, which strangers choose: neutralised like every X text on a VS Code surface
 * (no controls, bidi or line breaks; cut at a grapheme boundary); `fallback` when nothing is left.
 */
export function tabTitle(title: string, fallback: string): PlainText {
  return plainText(title, { max: TITLE_MAX }) || plainText(fallback);
}
