import type { MessageVM, SystemLineVM, ThreadItemVM } from '../../src/protocol/viewModels';
import { dayKey } from '../../src/protocol/relativeTime';

/**
 * Rows of a thread as the virtual list renders them: a day separator whenever the local day changes, and messages
 * grouped by sender within a day (only the first of a group shows the sender's name). Pure and O(n).
 */
export type ThreadRow =
  | { kind: 'day'; key: string; at: number }
  | { kind: 'message'; key: string; message: MessageVM; groupStart: boolean; groupEnd: boolean }
  | { kind: 'system'; key: string; line: SystemLineVM };

export function buildRows(items: readonly ThreadItemVM[]): ThreadRow[] {
  const rows: ThreadRow[] = [];
  let lastDay: string | undefined;
  let lastSender: string | undefined;
  let lastMessageRow: Extract<ThreadRow, { kind: 'message' }> | undefined;
  for (const item of items) {
    const day = dayKey(item.createdAt);
    if (day !== lastDay) {
      rows.push({ kind: 'day', key: `day:${day}`, at: item.createdAt });
      lastDay = day;
      lastSender = undefined;
      if (lastMessageRow) lastMessageRow.groupEnd = true;
      lastMessageRow = undefined;
    }
    if (item.type === 'system') {
      rows.push({ kind: 'system', key: item.id, line: item });
      lastSender = undefined;
      if (lastMessageRow) lastMessageRow.groupEnd = true;
      lastMessageRow = undefined;
      continue;
    }
    const groupStart = item.senderId !== lastSender;
    if (groupStart && lastMessageRow) lastMessageRow.groupEnd = true;
    const row = { kind: 'message' as const, key: item.id, message: item, groupStart, groupEnd: false };
    rows.push(row);
    lastMessageRow = row;
    lastSender = item.senderId;
  }
  if (lastMessageRow) lastMessageRow.groupEnd = true;
  return rows;
}

/** Applies an incremental update: replaces items by id, adds new ones, drops removed ones, keeps time order. */
export function applyDelta(items: readonly ThreadItemVM[], upserts: readonly ThreadItemVM[], removed: readonly string[]): ThreadItemVM[] {
  const gone = new Set(removed);
  const byId = new Map(upserts.map((item) => [item.id, item]));
  const next: ThreadItemVM[] = [];
  for (const item of items) {
    if (gone.has(item.id)) continue;
    const replacement = byId.get(item.id);
    if (replacement) byId.delete(item.id);
    next.push(replacement ?? item);
  }
  const added = [...byId.values()];
  if (added.length === 0) return next;
  // Usually appended at the end (new messages) or the start (older history): insert keeping createdAt order.
  for (const item of added.sort((a, b) => a.createdAt - b.createdAt)) {
    let index = next.length;
    while (index > 0 && next[index - 1]!.createdAt > item.createdAt) index--;
    next.splice(index, 0, item);
  }
  return next;
}
