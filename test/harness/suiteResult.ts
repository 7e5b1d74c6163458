/** What every suite runner reports to the top-level `npm test` summary. */
export interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
  ms: number;
  /** Short remark shown in the summary (e.g. "no test files", "without emulator"). */
  note?: string;
}
