import { Emitter, type Event } from '../../util/events';

/** What the user needs to know about the archive on disk. */
export interface ArchiveStatus {
  /** Set when nothing reaches the disk for the rest of this session, with why. */
  readOnly?: 'ioError' | 'newerVersion' | 'unusable';
  /** errno code behind `ioError`, `unusable` or unsaved records. */
  errorCode?: string;
  /** Damaged files renamed aside (names inside the archive folder); nothing was deleted. */
  setAside: string[];
  /** Records kept in memory because writing them failed; they go out with the next write. */
  unsaved: number;
}

/** Keeps the archive's `ArchiveStatus` and tells listeners when it changes. */
export class StatusKeeper {
  private reason: ArchiveStatus['readOnly'];
  private code: string | undefined;
  private readonly aside: string[] = [];
  private readonly changed = new Emitter<ArchiveStatus>();
  readonly onDidChange: Event<ArchiveStatus> = this.changed.event;

  constructor(private readonly writes: () => { pending: number; errorCode: string | undefined }) {}

  get readOnly(): ArchiveStatus['readOnly'] {
    return this.reason;
  }

  get value(): ArchiveStatus {
    const writes = this.writes();
    const errorCode = this.code ?? writes.errorCode;
    return {
      ...(this.reason ? { readOnly: this.reason } : {}),
      ...(errorCode ? { errorCode } : {}),
      setAside: [...this.aside],
      unsaved: writes.pending,
    };
  }

  /** Nothing reaches the disk for the rest of this session; what is in memory stays there. */
  markReadOnly(reason: NonNullable<ArchiveStatus['readOnly']>, code: string | undefined): void {
    if (this.reason) return;
    this.reason = reason;
    this.code = code;
    this.fire();
  }

  addSetAside(names: readonly string[]): void {
    const fresh = names.filter((name) => !this.aside.includes(name));
    if (fresh.length === 0) return;
    this.aside.push(...fresh);
    this.fire();
  }

  fire(): void {
    this.changed.fire(this.value);
  }
}
