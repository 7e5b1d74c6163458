// Starts code-server (a real VS Code workbench + Node extension host) on a free 127.0.0.1 port with scratch
// user-data, extensions and XDG folders, so nothing touches the user's own ~/.config. Always stopped by close()
// or by the cleanup registry (Ctrl+C, SIGTERM, process exit).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onCleanup } from './cleanup';
import { logsDir } from './paths';
import { freePort, waitFor } from './proc';

/** Settings that keep the workbench quiet and deterministic in tests. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

export interface CodeServerOptions {
  /** code-server's entry.js from provision(). */
  entry: string;
  /** User settings merged over QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server and therefore the extension host (e.g. XDM_EMULATOR_URL). */
  env?: Record<string, string>;
  /** Preferred port (falls back to a free one); 0 = any free port. */
  port?: number;
  /** Folder opened as the workspace; defaults to an empty scratch folder. */
  workspace?: string;
  /** Label for the log file name. */
  label?: string;
}

export interface CodeServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** 127.0.0.1:PORT — the authority of vscode-remote:// URIs. */
  authority: string;
  port: number;
  workspace: string;
  userDataDir: string;
  logFile: string;
  /** Current content of the server log (for failure reports). */
  readLog(): string;
  close(): Promise<void>;
}

/** Environment of the caller minus variables that would make code-server talk to another VS Code instance. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key.startsWith('npm_')) continue;
    env[key] = value;
  }
  return env;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'xdm-cs-'));
  const userDataDir = path.join(scratch, 'user-data');
  const extensionsDir = path.join(scratch, 'extensions');
  const xdg = path.join(scratch, 'xdg');
  const workspace = options.workspace ?? path.join(scratch, 'workspace');
  for (const dir of [path.join(userDataDir, 'User'), path.join(userDataDir, 'Machine'), extensionsDir, workspace, ...['config', 'data', 'cache', 'state'].map((d) => path.join(xdg, d))]) {
    mkdirSync(dir, { recursive: true });
  }
  const settings = JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2);
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), settings);
  const port = await freePort(options.port ?? 0);
  const configFile = path.join(scratch, 'config.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  mkdirSync(logsDir, { recursive: true });
  const logFile = path.join(logsDir, `code-server-${options.label ?? 'run'}-${port}.log`);
  const log = createWriteStream(logFile);
  const args = [
    options.entry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    workspace,
  ];
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    XDG_STATE_HOME: path.join(xdg, 'state'),
    ...options.env,
  };
  // Own process group, so close() can stop the server together with its extension hosts and pty hosts.
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));

  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    unregister();
    if (!exited) {
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exitedPromise;
      clearTimeout(timer);
    }
    killGroup('SIGKILL'); // stragglers of the group (extension host children)
    log.end();
    if (!process.env.XDM_KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
  };
  const unregister = onCleanup(close, () => killGroup('SIGKILL'));

  const url = `http://127.0.0.1:${port}`;
  const readLog = (): string => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const state = await waitFor('code-server /healthz', async () => {
    if (exited) return 'exited';
    const response = await fetch(`${url}/healthz`);
    return response.ok ? 'up' : undefined;
  }, 60_000).catch((error: unknown) => String(error));
  if (state !== 'up') {
    await close();
    throw new Error(`code-server did not start (${state === 'exited' ? 'the process exited' : state}). Log ${logFile}:\n${readLog().slice(-3000)}`);
  }
  return { url, authority: `127.0.0.1:${port}`, port, workspace, userDataDir, logFile, readLog, close };
}
