import path from 'node:path';
import { nodeArchiveFs, type ArchiveFileHandle, type ArchiveFs } from '../../../src/dm/archive/archiveFs';

/**
 * The archive's file-system seam with faults: every call (including each call on an open file handle) is one
 * numbered step. A recording run lists the steps of an operation; a faulty run then fails step k with an errno
 * (once, or from then on for that same call on that same file), or "crashes" before step k: that step and every
 * later one never reach the disk, as if the process had died there. A torn crash lets half of a write land first.
 */
export type Fault =
  | { kind: 'error'; code: string; persistent: boolean }
  | { kind: 'crash'; torn: boolean };

export interface Step {
  op: string;
  file: string;
}

export class CrashError extends Error {
  constructor() {
    super('simulated crash: the process is gone');
  }
}

export function errnoError(code: string, op: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected fault, ${op} '${file}'`), { code, syscall: op, path: file });
}

export class FaultyFs implements ArchiveFs {
  steps: Step[] = [];
  private armedAt: number | undefined;
  private fault: Fault | undefined;
  private crashed = false;
  private stuck: Step | undefined;
  private readonly rules: { op: string; file: RegExp; code: string; left: number }[] = [];

  constructor(private readonly base: ArchiveFs = nodeArchiveFs) {}

  /** Starts numbering steps from 0 (what follows is the operation under test). */
  record(): void {
    this.steps = [];
  }

  arm(index: number, fault: Fault): void {
    this.steps = [];
    this.armedAt = index;
    this.fault = fault;
  }

  /** Fails every call `op` on a file whose name matches, `times` times (default: for good). */
  failMatching(op: string, file: RegExp, code: string, times = Infinity): void {
    this.rules.push({ op, file, code, left: times });
  }

  /** The disk works again (the persistent fault is lifted; a crash is not undone: reopen with another fs). */
  heal(): void {
    this.armedAt = undefined;
    this.fault = undefined;
    this.stuck = undefined;
    this.rules.length = 0;
  }

  get hasCrashed(): boolean {
    return this.crashed;
  }

  private async step<T>(op: string, file: string, run: () => Promise<T>, torn?: () => Promise<unknown>): Promise<T> {
    if (this.crashed) throw new CrashError();
    const step: Step = { op, file: path.basename(file) };
    const index = this.steps.length;
    this.steps.push(step);
    const rule = this.rules.find((r) => r.op === op && r.left > 0 && r.file.test(step.file));
    if (rule) {
      rule.left -= 1;
      throw errnoError(rule.code, op, file);
    }
    if (this.stuck && this.stuck.op === op && this.stuck.file === step.file) {
      throw errnoError((this.fault as { code: string }).code, op, file);
    }
    if (index === this.armedAt && this.fault) {
      if (this.fault.kind === 'crash') {
        this.crashed = true;
        if (this.fault.torn && torn) await torn();
        throw new CrashError();
      }
      if (this.fault.persistent) this.stuck = step;
      throw errnoError(this.fault.code, op, file);
    }
    return run();
  }

  mkdir(dir: string): Promise<void> {
    return this.step('mkdir', dir, () => this.base.mkdir(dir));
  }
  readdir(dir: string): Promise<string[]> {
    return this.step('readdir', dir, () => this.base.readdir(dir));
  }
  readFile(file: string): Promise<string> {
    return this.step('readFile', file, () => this.base.readFile(file));
  }
  writeFile(file: string, data: string): Promise<void> {
    return this.step('writeFile', file, () => this.base.writeFile(file, data), () =>
      this.base.writeFile(file, data.slice(0, Math.floor(data.length / 2))),
    );
  }
  async open(file: string, flags: 'r' | 'w' | 'wx' | 'a+'): Promise<ArchiveFileHandle> {
    const real = await this.step(`open(${flags})`, file, () => this.base.open(file, flags));
    return this.wrapHandle(real, file);
  }
  rename(from: string, to: string): Promise<void> {
    return this.step('rename', from, () => this.base.rename(from, to));
  }
  unlink(file: string): Promise<void> {
    return this.step('unlink', file, () => this.base.unlink(file));
  }
  link(existing: string, created: string): Promise<void> {
    return this.step('link', created, () => this.base.link(existing, created));
  }
  stat(file: string) {
    return this.step('stat', file, () => this.base.stat(file));
  }
  rmdirRecursive(dir: string): Promise<void> {
    return this.step('rmdirRecursive', dir, () => this.base.rmdirRecursive(dir));
  }

  private wrapHandle(real: ArchiveFileHandle, file: string): ArchiveFileHandle {
    return {
      stat: () => this.step('handle.stat', file, () => real.stat()),
      read: (buffer, offset, length, position) =>
        this.step('handle.read', file, () => real.read(buffer, offset, length, position)),
      write: (buffer, offset, length) =>
        this.step('handle.write', file, () => real.write(buffer, offset, length), () =>
          real.write(buffer, offset, Math.floor(length / 2)),
        ),
      writeFile: (data) =>
        this.step('handle.writeFile', file, () => real.writeFile(data), () =>
          real.writeFile(typeof data === 'string' ? data.slice(0, data.length / 2) : data.subarray(0, data.length / 2)),
        ),
      sync: () => this.step('handle.sync', file, () => real.sync()),
      // The descriptor is released whatever the fault (a dead process's files are closed by the OS too).
      close: () =>
        this.step('handle.close', file, () => real.close()).catch(async (error: unknown) => {
          await real.close().catch(() => undefined);
          throw error;
        }),
    };
  }
}
