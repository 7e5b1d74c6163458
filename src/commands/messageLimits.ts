/**
 * X's limit on one DM's text. Measured in UTF-16 code units, which is never less than what X counts (code points),
 * so a text that passes here is never refused by X for its length.
 */
export const MAX_DM_TEXT_LENGTH = 10_000;

export function dmTextLength(text: string): number {
  return text.length;
}

