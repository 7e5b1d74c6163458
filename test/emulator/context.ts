import type { ActivityHub } from './activity/hub';
import type { TokenStore } from './auth/tokens';
import type { AutoReplyState } from './dm/autoReply';
import type { Faults } from './faults';
import type { RateLimiter } from './rateLimit';
import type { Stats } from './stats';
import type { EmuClock, Store } from './store';

export type ConsentMode = 'manual' | 'approve' | 'deny';

/** Everything a handler may touch. `store` is replaced on `/__admin/reset`; the rest lives as long as the server. */
export interface EmuContext {
  store: Store;
  clock: EmuClock;
  tokens: TokenStore;
  rateLimiter: RateLimiter;
  stats: Stats;
  faults: Faults;
  consent: { mode: ConsentMode; userId?: string };
  anyLoopbackPort: boolean;
  /** Own base URL, e.g. http://127.0.0.1:4010 (known once listening). */
  baseUrl: string;
  /** The preset the world was built from. */
  preset: string;
  autoReply: AutoReplyState;
  /** The app's Activity API subscriptions and open streams (survive `/__admin/reset`, as the app does). */
  activity: ActivityHub;
}
