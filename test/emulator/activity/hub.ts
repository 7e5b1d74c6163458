import type { ServerResponse } from 'node:http';
import type { ActivityEnvelope } from './payload';

/**
 * The app's Activity API state: its subscriptions, its open streams (X allows two connections per app) and every
 * delivery of the last minutes, so that `backfill_minutes` (0–5) can replay what a dropped connection missed.
 * The emulator serves one app (the registered client), so this lives once per emulator.
 */

export interface Subscription {
  subscription_id: string;
  event_type: string;
  filter: { user_id: string };
  tag?: string;
  created_at: string;
  updated_at: string;
}

interface Delivery {
  at: number;
  line: string;
}

export const MAX_STREAM_CONNECTIONS = 2;
const BACKFILL_KEEP_MS = 5 * 60_000;

export class ActivityHub {
  readonly subscriptions = new Map<string, Subscription>();
  readonly streams = new Set<ServerResponse>();
  /** X sends a newline every 20 s; tests may shorten it (`POST /__admin/activity`). */
  keepAliveMs = 20_000;
  connectionsOpened = 0;
  linesDelivered = 0;
  private deliveries: Delivery[] = [];
  private nextId = 1_900_000_000_000_000_000n;

  newId(): string {
    this.nextId += 1n + BigInt(this.subscriptions.size);
    return String(this.nextId);
  }

  matching(eventType: string, userId: string): Subscription[] {
    return [...this.subscriptions.values()].filter((s) => s.event_type === eventType && s.filter.user_id === userId);
  }

  /** Writes one envelope to every open stream and keeps it for backfill. */
  publish(envelope: ActivityEnvelope, now: number): void {
    const line = `${JSON.stringify(envelope)}\r\n`;
    this.deliveries.push({ at: now, line });
    this.deliveries = this.deliveries.filter((d) => d.at >= now - BACKFILL_KEEP_MS);
    for (const res of this.streams) {
      res.write(line);
      this.linesDelivered++;
    }
  }

  /** What a new connection asked to have replayed: deliveries since `since` (emulator clock). */
  backfill(since: number): string[] {
    return this.deliveries.filter((d) => d.at >= since).map((d) => d.line);
  }

  /** Drops every open stream: `error` first sends X's operational-disconnect line, otherwise the socket just dies. */
  disconnectAll(mode: 'reset' | 'error'): number {
    const n = this.streams.size;
    for (const res of [...this.streams]) {
      if (mode === 'error') {
        res.end(`${JSON.stringify(OPERATIONAL_DISCONNECT)}\r\n`);
      } else {
        res.socket?.destroy();
      }
      this.streams.delete(res);
    }
    return n;
  }

  toJSON(): Record<string, unknown> {
    return {
      subscriptions: [...this.subscriptions.values()],
      open_streams: this.streams.size,
      connections_opened: this.connectionsOpened,
      lines_delivered: this.linesDelivered,
      keep_alive_ms: this.keepAliveMs,
    };
  }
}

/** X's documented line before it closes a stream for operational reasons (handling-disconnections.mdx). */
export const OPERATIONAL_DISCONNECT = {
  errors: [
    {
      title: 'operational-disconnect',
      disconnect_type: 'UpstreamOperationalDisconnect',
      detail: 'This stream has been disconnected upstream for operational reasons.',
      type: 'https://api.x.com/2/problems/operational-disconnect',
    },
  ],
};
