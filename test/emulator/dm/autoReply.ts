import type { EmuContext } from '../context';
import type { EmuConversation } from '../model';

/**
 * Optional liveliness for demos (`--auto-reply`, `POST /__admin/auto-reply`): after you send a message, someone in
 * the conversation answers after a delay, so a person trying the extension sees messages arrive. Off by default,
 * because tests count events.
 */

const REPLIES = [
  'Got it 👍',
  'Nice, thanks! Sent from my editor? 😄',
  'Ha, that works. Talk later ☕',
  'Reading it now…',
  'Perfect — merging.',
  'ありがとう！',
  'شكراً! 🙏',
];

export interface AutoReplyState {
  enabled: boolean;
  delayMs: number;
  timers: Set<NodeJS.Timeout>;
  sent: number;
}

export function newAutoReply(delayMs?: number): AutoReplyState {
  return { enabled: delayMs !== undefined, delayMs: delayMs ?? 3000, timers: new Set(), sent: 0 };
}

export function scheduleReply(ctx: EmuContext, conv: EmuConversation, senderId: string): void {
  const state = ctx.autoReply;
  if (!state.enabled || senderId !== ctx.store.meId) return;
  const store = ctx.store;
  const responder = [...conv.participants].find((p) => p !== senderId);
  if (!responder) return;
  const timer = setTimeout(() => {
    state.timers.delete(timer);
    // The world may have been reset meanwhile: only answer in the conversation that still exists.
    if (ctx.store !== store || !conv.participants.has(responder)) return;
    const text = REPLIES[state.sent++ % REPLIES.length] as string;
    store.addEvent({ eventType: 'MessageCreate', conversation: conv, senderId: responder, at: ctx.clock.now(), text });
  }, state.delayMs);
  timer.unref();
  state.timers.add(timer);
}

export function stopAutoReplies(state: AutoReplyState): void {
  for (const t of state.timers) clearTimeout(t);
  state.timers.clear();
}
