import { XApiError } from '../api/errors';
import type { XApiErrorInit } from '../api/errors';
import { SIGNED_IN_ELSEWHERE } from './errors/translate';

/**
 * A request could not get a token because another window renewed the session and this window cannot see the new
 * tokens (code-server keeps secrets per browser tab). An API error so that it reaches the command and sync
 * boundaries as it is; `reloadWindow` tells them to offer "Reload Window" instead of "Sign In Again".
 */
export class SignedInElsewhereError extends XApiError {
  readonly kind = 'unauthorized' as const;
  readonly retryable = false;
  readonly userMessage = SIGNED_IN_ELSEWHERE;
  readonly reloadWindow = true;

  /** `announced`: the same words and button are already on screen (shown once per window), don't repeat them. */
  constructor(readonly announced = false, init: XApiErrorInit = {}) {
    super('Another window holds newer X tokens; reload this window.', init);
  }
}
