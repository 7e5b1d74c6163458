// Builds the workbench URL. code-server ignores --extensionDevelopmentPath on its command line; the web
// workbench reads development/test paths from the `payload` query parameter as vscode-remote:// URIs.
export interface WorkbenchUrlOptions {
  /** Absolute folder to open. */
  folder: string;
  /** Absolute path of the extension loaded as a development extension. */
  extensionDevelopmentPath?: string;
  /** Absolute path of a module exporting run() (mocha entry); turns the window into an extension-test run. */
  extensionTestsPath?: string;
}

export function workbenchUrl(baseUrl: string, options: WorkbenchUrlOptions): string {
  const authority = new URL(baseUrl).host;
  const remote = (p: string): string => `vscode-remote://${authority}${p}`;
  const payload: [string, string][] = [];
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  const query = new URLSearchParams({ folder: options.folder });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${baseUrl}/?${query.toString()}`;
}
