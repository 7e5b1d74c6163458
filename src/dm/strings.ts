/**
 * The few words the model itself produces (system lines, previews). English defaults; the composition root
 * passes `vscode.l10n.t` versions through `createDmService({ strings })`, keeping `vscode` out of `src/dm`.
 */
export interface DmStrings {
  joined(names: string): string;
  left(names: string): string;
  attachment: string;
  you: string;
  and(others: number): string;
}

export const defaultStrings: DmStrings = {
  joined: (names) => `${names} joined`,
  left: (names) => `${names} left`,
  attachment: 'Attachment',
  you: 'You',
  and: (others) => `+${others}`,
};
