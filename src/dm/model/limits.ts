/**
 * X's limit on one DM's text, counted as X counts it: Unicode code points of the NFC form (an emoji counts once),
 * the rule the API client enforces before sending. Pure, so the composer, commands and client share it.
 */
export const MAX_DM_TEXT_LENGTH = 10_000;

export function dmTextLength(text: string): number {
  let count = 0;
  for (const _ of text.normalize('NFC')) count++;
  return count;
}
