import type { AllowedArgument, SafeHelper } from './surfaceScan';

/**
 * Arguments the surface scan cannot prove safe but that carry only our own words. Each says why; keep this short —
 * producing the text with `plainText()` is always the better fix.
 */
export const allowedArguments: AllowedArgument[] = [
  {
    file: 'src/auth/flows/accessToken.ts',
    argument: 'field.prompt()',
    why: 'FIELDS is a constant table whose prompts are vscode.l10n.t literals',
  },
  {
    file: 'src/commands/showError.ts',
    argument: '...titles',
    why: 'button titles: "Show Log" and the action titles of actionFor(), all vscode.l10n.t literals',
  },
];

/** Helpers of ours whose result never contains text from X. */
export const safeHelpers: SafeHelper[] = [
  { file: 'src/commands/showError.ts', name: 'formatTime', why: 'a locale time of day from a number' },
];
