/** Characters as the composer counts them against X's 10,000 limit: code points, so an emoji counts once. */
export function messageLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
