import type { EmuUser } from '../model';
import type { EmuClock } from '../store';
import { Store } from '../store';
import { ME_ID, ME_USERNAME } from '../auth/credentials';
import { seedDemo } from './demo';
import { seedLarge } from './large';

/** Named, deterministic worlds: `demo`, `empty`, `large:<N>`. Timestamps are relative to the clock's now. */

export const PRESET_NAMES = ['demo', 'empty', 'large:<N>'];

export function isPreset(name: string): boolean {
  return name === 'demo' || name === 'empty' || /^large:[0-9]{1,7}$/.test(name);
}

export function makeUser(partial: Partial<EmuUser> & Pick<EmuUser, 'id' | 'username' | 'name'>, now: number): EmuUser {
  return {
    receivesYourDm: true,
    createdAt: now - 3 * 365 * 24 * 3600 * 1000,
    description: '',
    verified: false,
    protected: false,
    followers: 120,
    following: 80,
    tweets: 1500,
    me: false,
    ...partial,
  };
}

export function buildStore(preset: string, clock: EmuClock): Store {
  if (!isPreset(preset)) throw new Error(`unknown preset ${preset}; use one of ${PRESET_NAMES.join(', ')}`);
  const store = new Store(clock);
  const now = clock.now();
  store.addUser(
    makeUser(
      {
        id: ME_ID,
        username: ME_USERNAME,
        name: 'You (Dev)',
        me: true,
        description: 'Shipping code and DMs from VS Code.',
        location: 'localhost',
        followers: 321,
        following: 123,
      },
      now,
    ),
  );
  if (preset === 'demo') seedDemo(store, now);
  else if (preset.startsWith('large:')) seedLarge(store, now, Number(preset.slice(6)));
  return store;
}
