// Builds the extension host's two bundles (node/cjs: extension.js for activation, runtime.js loaded on first use),
// the webview bundle (browser/esm) and the integration-test bundle that runs inside the extension host. Flags: --watch, --production (minified, no sourcemaps, size report,
// no test hooks), --outdir=<dir> (where the bundles go instead of dist/, e.g. to inspect a production build),
// --metafile=<file> (writes the extension host build's esbuild metafile: which source is in which bundle, in bytes).
import * as esbuild from 'esbuild';
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = path.dirname(new URL(import.meta.url).pathname);
const option = (name) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const outdir = option('outdir') || 'dist';
const metafileOut = option('metafile');

/**
 * The lazy boundary (docs/decisions/014-lean-activation.md): src/runtime/loadRuntime.ts requires `./runtime.js`
 * at first use, so it stays a require of the sibling bundle instead of being bundled into extension.js.
 * @type {esbuild.Plugin}
 */
const runtimeBoundary = {
  name: 'xdm-runtime-boundary',
  setup(build) {
    build.onResolve({ filter: /^\.\/runtime\.js$/ }, (args) =>
      args.importer.endsWith(path.join('src', 'runtime', 'loadRuntime.ts')) ? { path: './runtime.js', external: true } : undefined,
    );
  },
};

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'eof',
  // Test-only entry points (src/buildFlags.d.ts) exist only outside production builds.
  define: { __XDM_TEST_HOOKS__: production ? 'false' : 'true' },
  plugins: [runtimeBoundary],
};

const hostBundle = {
  ...common,
  // Two separate bundles (no code splitting: esbuild splits only ESM output).
  entryPoints: { extension: 'src/extension.ts', runtime: 'src/runtime/runtime.ts' },
  outdir,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
};

// X Chat's encryption worker: its own file, started only on first unlock, so the Chat XDK and juicebox-sdk (and
// their WASM) never load with the extension. Chat XDK locates its WASM from `import.meta.url`, which a CommonJS
// bundle lacks: the shim points it at the bundle's own file, next to which `pkg/chat_xdk_wasm_bg.wasm` is copied.
const xchatEngineBundle = {
  ...common,
  entryPoints: { 'xchat-engine': 'src/xchat/engine/worker.ts' },
  outdir,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { ...common.define, 'import.meta.url': 'xchatImportMetaUrl' },
  plugins: [
    {
      // Chat XDK imports juicebox-sdk's bundler entry (`import ... from "./juicebox-sdk_bg.wasm"`) only in browsers;
      // in Node it uses the glue + WASM file, as the worker does. Left external, that browser path is never bundled.
      name: 'xchat-browser-only-juicebox',
      setup(build) {
        build.onResolve({ filter: /^juicebox-sdk$/ }, (args) => ({ path: args.path, external: true }));
      },
    },
  ],
  banner: { js: "const xchatImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

async function copyXchatWasm() {
  await mkdir(path.resolve(root, outdir, 'pkg'), { recursive: true });
  await cp(path.join(root, 'node_modules/@xdevplatform/chat-xdk/pkg/chat_xdk_wasm_bg.wasm'), path.resolve(root, outdir, 'pkg/chat_xdk_wasm_bg.wasm'));
  await cp(path.join(root, 'node_modules/juicebox-sdk/juicebox-sdk_bg.wasm'), path.resolve(root, outdir, 'juicebox-sdk_bg.wasm'));
}

const webviewBundle = {
  ...common,
  entryPoints: { webview: 'webview/main.ts' },
  outdir,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
};

async function findTests(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await findTests(full)));
    else if (entry.name.endsWith('.test.ts') || entry.name === 'index.ts') out.push(full);
  }
  return out;
}

/** Integration suites are bundled too, so they can import ESM-only packages (ky) exactly as the extension does. */
async function integrationBundle() {
  const entryPoints = await findTests('test/integration');
  if (entryPoints.length === 0) return undefined;
  return {
    ...common,
    minify: false,
    sourcemap: 'inline',
    entryPoints,
    outbase: '.',
    outdir: 'out',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha', 'playwright-core'],
  };
}

async function copyCodicons() {
  const from = path.join(root, 'node_modules/@vscode/codicons/dist');
  const to = path.resolve(root, outdir, 'codicons');
  await mkdir(to, { recursive: true });
  await cp(path.join(from, 'codicon.css'), path.join(to, 'codicon.css'));
  await cp(path.join(from, 'codicon.ttf'), path.join(to, 'codicon.ttf'));
}

function sizeReport(results) {
  const rows = [];
  for (const result of results) {
    for (const [file, info] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.map')) continue;
      const gzip = gzipSync(readFileSync(path.resolve(root, file))).length;
      rows.push(`${file.padEnd(28)} ${(info.bytes / 1024).toFixed(1).padStart(8)} KB  ${(gzip / 1024).toFixed(1).padStart(7)} KB gzip`);
    }
  }
  console.log(`bundle sizes (minified):\n${rows.join('\n')}`);
}

async function main() {
  await copyCodicons();
  await copyXchatWasm();
  const configs = [hostBundle, webviewBundle, xchatEngineBundle];
  if (!production) {
    const tests = await integrationBundle();
    if (tests) configs.push(tests);
  }
  if (watch) {
    for (const config of configs) {
      const ctx = await esbuild.context(config);
      await ctx.watch();
    }
    console.log('[watch] build started; watching for changes');
    return;
  }
  const results = await Promise.all(configs.map((config) => esbuild.build(config)));
  if (metafileOut) await writeFile(metafileOut, JSON.stringify(results[0].metafile));
  if (production) sizeReport(results);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
