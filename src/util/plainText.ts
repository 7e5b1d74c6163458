/**
 * The one way text from X reaches a VS Code surface, which would otherwise turn it into links, icons or markdown:
 * it shows exactly as typed (docs/decisions/001-neutralising-text-from-x.md). Pure, so unit-tested in Node.
 */

import type { QuickPickItem } from 'vscode';

declare const plainBrand: unique symbol;
declare const markdownBrand: unique symbol;

/** Text that is safe on every plain-string VS Code surface. Only this module makes one (see the surface scan test). */
export type PlainText = string & { readonly [plainBrand]: true };

/** Text that is safe inside a `MarkdownString` (every markdown character escaped). */
export type MarkdownText = string & { readonly [markdownBrand]: true };

/** A quick pick row whose texts are neutralised (quick picks render `$(icon)` in all three). */
export interface PlainQuickPickItem extends QuickPickItem {
  label: PlainText;
  description?: PlainText;
  detail?: PlainText;
}

/** How much of a person's name (X allows 50) and of a conversation title surfaces show. */
export const NAME_MAX = 50;
export const TITLE_MAX = 80;

export interface PlainTextOptions {
  /** Cut to this many user-perceived characters (graphemes), ending with "…". */
  max?: number;
  /** Keep line breaks (modal dialog details render them); otherwise every run of whitespace becomes one space. */
  lines?: boolean;
}

/**
 * U+2060 WORD JOINER: invisible and zero-width, so `[a](b)` still reads `[a](b)`, but `](` and `$(` are no longer
 * adjacent, which is what VS Code's link and icon parsers need.
 */
const JOINER = '\u2060';

// ESC/CSI sequences (colours, cursor moves, OSC titles and hyperlinks): removed whole, not just their ESC.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANSI = /(?:\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?)|(?:(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~])|(?:\u001b[@-Z\\-_])/g;
// Bidi embeddings, overrides, isolates and marks: they can make text read differently from what it is.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Line and paragraph breaks in all their spellings.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BREAKS = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/g;
// C0 and C1 controls and DEL (tab and line feed are handled before this runs).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// `](` starts a link target, `$(` an icon.
const PARSED_OPENERS = /([\]$])(?=\()/g;
const MARKDOWN_PUNCTUATION = /[!-/:-@[-`{-~]/g;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cuts `text` to at most `max` graphemes (the last one "…"), never inside an emoji or a combining sequence. */
export function truncateGraphemes(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    if (kept.length === max) return `${kept.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
    kept.push(segment);
  }
  return text;
}

/** Removes what must never reach a surface: escape sequences, controls, bidi controls, broken surrogates. */
function clean(text: string, lines: boolean): string {
  const withoutAnsi = text.replace(ANSI, '').replace(BIDI, '').replace(LONE_SURROGATE, '\ufffd');
  if (lines) {
    return withoutAnsi
      .replace(BREAKS, '\n')
      .replace(/\t/g, ' ')
      .replace(CONTROLS, '')
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .trim();
  }
  return withoutAnsi.replace(BREAKS, ' ').replace(CONTROLS, '').replace(/\s+/g, ' ').trim();
}

/** Neutralises untrusted text for a plain-string VS Code surface (see the module comment). */
export function plainText(text: string | undefined | null, options: PlainTextOptions = {}): PlainText {
  const cleaned = clean(text ?? '', options.lines ?? false);
  const cut = options.max !== undefined ? truncateGraphemes(cleaned, options.max) : cleaned;
  return cut.replace(PARSED_OPENERS, `$1${JOINER}`) as PlainText;
}

/** Neutralises untrusted text for a `MarkdownString`: plain text with every ASCII punctuation mark escaped. */
export function markdownText(text: string | undefined | null, options: Omit<PlainTextOptions, 'lines'> = {}): MarkdownText {
  return plainText(text, options).replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`) as MarkdownText;
}

/** The codicons we put in front of text; a closed list so that no string from X can become an icon id. */
export type OurIcon = 'account' | 'organization' | 'person' | 'person-add' | 'circle-slash' | 'warning' | 'bell' | 'bell-slash' | 'mail' | 'pass' | 'lock';

/** `$(icon) text`: one of our codicons in front of neutralised text (quick pick labels). */
export function withIcon(icon: OurIcon, text: PlainText): PlainText {
  return `$(${icon}) ${text}` as PlainText;
}

/** Neutralised parts joined by one of our separators, re-neutralised so a `]` and a `(` cannot meet at a seam. */
export function joinPlain(parts: readonly PlainText[], separator: string): PlainText {
  return plainText(parts.join(separator));
}
