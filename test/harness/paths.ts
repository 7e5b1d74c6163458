// Fixed locations used by every harness script. Everything the harness creates lives in git-ignored folders.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
export const cacheRoot = path.join(repoRoot, '.vscode-test');
export const resultsDir = path.join(repoRoot, 'test-results');
export const logsDir = path.join(resultsDir, 'logs');
export const CODE_SERVER_VERSION = '4.100.3';
/** Extension id as VS Code sees it (publisher.name from package.json). */
export const EXTENSION_ID = 'xdm.x-direct-messages';
