// Provisions what the real-VS-Code tests need, offline and idempotently: Debian packages (chromium, libkrb5-dev,
// ripgrep) and code-server from npm in .vscode-test/. Every workaround is explained in
// /work/shared/notes/real-vscode-offline.md. Failures end in one plain paragraph plus the provisioning log.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CODE_SERVER_VERSION, cacheRoot } from './paths';
import { run } from './proc';

export const codeServerDir = path.join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
export const provisionLog = path.join(cacheRoot, 'provision.log');
const completeMarker = path.join(codeServerDir, '.complete');
const entryJs = path.join(codeServerDir, 'node_modules/code-server/out/node/entry.js');

/** @vscode/ripgrep release tag per package version (read from its lib/postinstall.js `VERSION`). */
const RIPGREP_TAGS: Record<string, string> = { '1.15.11': 'v13.0.0-10' };

export class ProvisionError extends Error {
  readonly kind = 'provision';
}

export interface Provisioned {
  /** code-server's node entry point; start it with process.execPath. */
  codeServerEntry: string;
  /** Chromium binary for Playwright (only when requested). */
  chromiumPath?: string;
}

function log(line: string): void {
  try {
    mkdirSync(cacheRoot, { recursive: true });
    appendFileSync(provisionLog, `[${new Date().toISOString()}] ${line}\n`);
  } catch {
    // an unwritable checkout must not turn the real message into a stack trace
  }
}

function say(line: string): void {
  process.stderr.write(`[harness] ${line}\n`);
  log(line);
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function which(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const full = path.join(dir, bin);
    try {
      if (statSync(full).isFile()) return full;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return which('chromium') ?? which('chromium-browser') ?? which('google-chrome');
}

const krb5Present = (): boolean => existsSync('/usr/include/gssapi/gssapi.h') || existsSync('/usr/include/krb5.h');

/** Installs the missing Debian packages when root; otherwise explains what to install. */
async function ensureAptPackages(needed: { pkg: string; present: () => boolean; why: string }[]): Promise<void> {
  const missing = needed.filter((n) => !n.present());
  if (missing.length === 0) return;
  const names = missing.map((m) => m.pkg);
  if (!isRoot() || !which('apt-get')) {
    throw new ProvisionError(
      `Missing system packages: ${missing.map((m) => `${m.pkg} (${m.why})`).join(', ')}. ` +
        `This user cannot install them automatically (${isRoot() ? 'no apt-get' : 'not root'}). ` +
        `Install them with "sudo apt-get install -y ${names.join(' ')}" (or set CHROMIUM_PATH to an existing ` +
        `Chromium/Chrome binary) and run the command again.`,
    );
  }
  say(`installing Debian packages: ${names.join(' ')} (log: ${provisionLog})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = await run('apt-get', ['install', '-y', ...names], { env, logFile: provisionLog });
  if (result.code !== 0) {
    await run('apt-get', ['update'], { env, logFile: provisionLog });
    result = await run('apt-get', ['install', '-y', ...names], { env, logFile: provisionLog });
  }
  const still = missing.filter((m) => !m.present());
  if (result.code !== 0 || still.length > 0) {
    throw new ProvisionError(
      `apt-get could not install ${names.join(' ')} (exit ${result.code}). Check that the Debian package ` +
        `mirror is reachable, install them by hand with "apt-get install -y ${names.join(' ')}", and run again.`,
    );
  }
}

/** An exclusive lock across processes (several engineers and runners share one checkout). */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const lockDir = path.join(cacheRoot, '.provision.lock');
  mkdirSync(cacheRoot, { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      const holder = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8').trim() || 0) || 0;
      let alive: boolean;
      try {
        if (holder) process.kill(holder, 0);
        alive = holder > 0;
      } catch {
        alive = false;
      }
      if (!alive && holder) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new ProvisionError(`Timed out waiting for another provisioning run (lock ${lockDir}).`);
      if (!announced) say(`waiting for another process (pid ${holder}) that is provisioning code-server`);
      announced = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Puts the system rg into the cache @vscode/ripgrep's postinstall checks before downloading from GitHub. */
async function seedRipgrepCache(tmpDir: string): Promise<void> {
  const shrinkwrap = JSON.parse(readFileSync(path.join(codeServerDir, 'node_modules/code-server/lib/vscode/npm-shrinkwrap.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = shrinkwrap.packages['node_modules/@vscode/ripgrep']?.version ?? '';
  const tag = RIPGREP_TAGS[version];
  if (!tag) throw new ProvisionError(`Unknown @vscode/ripgrep version "${version}" in code-server; add its release tag to RIPGREP_TAGS in test/harness/provision.ts.`);
  const arch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
  const cacheDir = path.join(tmpDir, `vscode-ripgrep-cache-${version}`);
  const stage = path.join(tmpDir, 'rg-stage');
  mkdirSync(cacheDir, { recursive: true });
  mkdirSync(stage, { recursive: true });
  writeFileSync(path.join(stage, 'rg'), readFileSync(which('rg') ?? '/usr/bin/rg'), { mode: 0o755 });
  const tarball = path.join(cacheDir, `ripgrep-${tag}-${arch}-unknown-linux-musl.tar.gz`);
  const result = await run('tar', ['-czf', tarball, '-C', stage, 'rg'], { logFile: provisionLog });
  if (result.code !== 0) throw new ProvisionError(`Could not create the ripgrep cache tarball ${tarball}.`);
}

/** Native dependencies of code-server's bundled VS Code whose install scripts npm 11 must be allowed to run. */
function vscodeNativeDeps(): string[] {
  const shrinkwrap = JSON.parse(readFileSync(path.join(codeServerDir, 'node_modules/code-server/lib/vscode/npm-shrinkwrap.json'), 'utf8')) as {
    packages: Record<string, { hasInstallScript?: boolean; dev?: boolean }>;
  };
  return Object.entries(shrinkwrap.packages)
    .filter(([key, info]) => key.startsWith('node_modules/') && info.hasInstallScript && !info.dev)
    .map(([key]) => key.slice('node_modules/'.length))
    .filter((name) => !name.startsWith('@vscode/windows-'));
}

async function installCodeServer(): Promise<void> {
  const started = Date.now();
  say(`provisioning code-server ${CODE_SERVER_VERSION} into ${path.relative(process.cwd(), codeServerDir) || codeServerDir} (once; about a minute)`);
  rmSync(codeServerDir, { recursive: true, force: true });
  mkdirSync(codeServerDir, { recursive: true });
  // npm 11 skips dependency install scripts unless allowScripts lists them (project-scoped installs reject --allow-scripts).
  writeFileSync(
    path.join(codeServerDir, 'package.json'),
    JSON.stringify({ private: true, dependencies: { 'code-server': CODE_SERVER_VERSION }, allowScripts: { 'code-server': true, argon2: true } }, null, 2),
  );
  const tmpDir = path.join(cacheRoot, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_yes: 'true', // node-pty's install runs `npx node-gyp`; ~/.npmrc may say yes=false
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    TMPDIR: tmpDir, // where @vscode/ripgrep looks for its cached download
  };
  // Offline node-gyp needs local Node headers; Debian's nodejs ships them under /usr/include/node.
  if (!process.env.npm_config_nodedir && existsSync('/usr/include/node/node_api.h')) env.npm_config_nodedir = '/usr';
  const npm = 'npm';
  let result = await run(npm, ['install', '--ignore-scripts', '--no-package-lock'], { cwd: codeServerDir, env, logFile: provisionLog });
  if (result.code !== 0) throw new ProvisionError(`npm could not download code-server ${CODE_SERVER_VERSION} (exit ${result.code}); check that the npm registry is reachable.`);
  await seedRipgrepCache(tmpDir);
  writeFileSync(path.join(codeServerDir, 'node_modules/code-server/lib/vscode/.npmrc'), `allow-scripts=${vscodeNativeDeps().join(',')}\n`);
  result = await run(npm, ['rebuild', '--unsafe-perm', '--foreground-scripts'], { cwd: codeServerDir, env, logFile: provisionLog });
  const rg = path.join(codeServerDir, 'node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg');
  const pty = path.join(codeServerDir, 'node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release');
  if (result.code !== 0 || !existsSync(rg) || !existsSync(pty)) {
    throw new ProvisionError(
      `Building code-server's native modules failed (npm rebuild exit ${result.code}; ripgrep ${existsSync(rg) ? 'ok' : 'missing'}, ` +
        `node-pty ${existsSync(pty) ? 'ok' : 'missing'}). It needs a C++ toolchain (build-essential, python3), libkrb5-dev and ` +
        `Node 20 headers; see the log below.`,
    );
  }
  say(`code-server ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function printLogTail(): void {
  if (!existsSync(provisionLog)) return;
  const lines = readFileSync(provisionLog, 'utf8').split('\n');
  process.stderr.write(`----- last lines of ${provisionLog} -----\n${lines.slice(-60).join('\n')}\n-----\n`);
}

/**
 * Makes sure code-server (and, with `chromium: true`, a Chromium for Playwright) is available.
 * Throws ProvisionError with a readable message (after printing the provisioning log) when it cannot.
 */
export async function provision(options: { chromium?: boolean } = {}): Promise<Provisioned> {
  try {
    const apt: { pkg: string; present: () => boolean; why: string }[] = [];
    if (options.chromium && !findChromium()) apt.push({ pkg: 'chromium', present: () => !!findChromium(), why: 'browser for Playwright' });
    if (!existsSync(completeMarker)) {
      apt.push({ pkg: 'libkrb5-dev', present: krb5Present, why: "headers for code-server's kerberos module" });
      apt.push({ pkg: 'ripgrep', present: () => !!which('rg'), why: 'search binary for code-server (no GitHub download)' });
    }
    if (apt.length > 0) await withLock(() => ensureAptPackages(apt));
    if (!existsSync(completeMarker)) {
      await withLock(async () => {
        if (existsSync(completeMarker)) return; // another process finished it while we waited
        await installCodeServer();
        writeFileSync(completeMarker, `${new Date().toISOString()} ${os.hostname()}\n`);
      });
    }
    return { codeServerEntry: entryJs, chromiumPath: options.chromium ? findChromium() : undefined };
  } catch (error) {
    if (error instanceof ProvisionError) {
      log(`FAILED: ${error.message}`);
      printLogTail();
      throw error;
    }
    throw error;
  }
}
