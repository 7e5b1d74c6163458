/**
 * What tests count: every non-admin request, DM events billed (each event once per user per UTC day, as X bills
 * reads) and sends (each successful send/create request is billed).
 */

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export class Stats {
  requests: RequestRecord[] = [];
  billedEventReads = 0;
  /** Events returned in total, before the per-day de-duplication (what a naive poller re-reads). */
  eventsReturned = 0;
  sends = 0;
  /** Requests the emulator refused with 400 because they did not match the spec. */
  requestViolations: { method: string; path: string; errors: string[] }[] = [];
  private readonly billed = new Set<string>();

  record(r: RequestRecord): void {
    this.requests.push(r);
  }

  billReads(userId: string, eventIds: string[], now: number): void {
    const day = new Date(now).toISOString().slice(0, 10);
    this.eventsReturned += eventIds.length;
    for (const id of eventIds) {
      const key = `${day}|${userId}|${id}`;
      if (!this.billed.has(key)) {
        this.billed.add(key);
        this.billedEventReads++;
      }
    }
  }

  clear(): void {
    this.requests = [];
    this.billedEventReads = 0;
    this.eventsReturned = 0;
    this.sends = 0;
    this.requestViolations = [];
    this.billed.clear();
  }

  toJSON(): Record<string, unknown> {
    return {
      requests: this.requests,
      billed_event_reads: this.billedEventReads,
      sends: this.sends,
      events_returned: this.eventsReturned,
      request_violations: this.requestViolations,
    };
  }
}
