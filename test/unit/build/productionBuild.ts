// One production build (`node esbuild.mjs --production`, what `npm run package` ships) into a scratch folder, with
// the host build's metafile, for the tests that inspect the shipped bundles.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');

interface MetaOutput {
  bytes: number;
  inputs: Record<string, { bytesInOutput: number }>;
}

export interface ProductionBuild {
  /** The bundle's text, e.g. `text('extension.js')`. */
  text(file: string): string;
  /** Size in bytes as written (minified). */
  bytes(file: string): number;
  /** The repository-relative source files (`src/…`, `node_modules/<pkg>/…`) that put code into the bundle. */
  sources(file: string): Map<string, number>;
  dispose(): void;
}

/** Metafile paths are relative to the working directory and node_modules may sit behind a symlink. */
function repoRelative(input: string): string {
  const absolute = path.resolve(repoRoot, input);
  const modules = absolute.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  return modules >= 0 ? absolute.slice(modules + 1) : path.relative(repoRoot, absolute);
}

export function buildProduction(): ProductionBuild {
  const outdir = mkdtempSync(path.join(tmpdir(), 'xdm-prod-bundle-'));
  const metafile = path.join(outdir, 'host-meta.json');
  execFileSync(process.execPath, ['esbuild.mjs', '--production', `--outdir=${outdir}`, `--metafile=${metafile}`], { cwd: repoRoot, stdio: 'pipe' });
  const meta = JSON.parse(readFileSync(metafile, 'utf8')) as { outputs: Record<string, MetaOutput> };
  const output = (file: string): MetaOutput => {
    const found = Object.entries(meta.outputs).find(([name]) => path.resolve(repoRoot, name) === path.join(outdir, file));
    if (!found) throw new Error(`${file} is not an output of the extension host build`);
    return found[1];
  };
  return {
    text: (file) => readFileSync(path.join(outdir, file), 'utf8'),
    bytes: (file) => output(file).bytes,
    sources: (file) =>
      new Map(
        Object.entries(output(file).inputs)
          .filter(([, input]) => input.bytesInOutput > 0)
          .map(([name, input]) => [repoRelative(name), input.bytesInOutput]),
      ),
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
