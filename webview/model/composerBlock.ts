import { format } from '../../src/protocol/strings';
import type { WebviewStrings } from '../../src/protocol/strings';
import type { ComposerBlock } from '../../src/protocol/viewModels';

/** Why the composer is disabled, in words shown above it; undefined when it is not. A locked X Chat thread is too. */
export function composerBlockReason(
  block: ComposerBlock | undefined,
  locked: boolean,
  s: WebviewStrings,
  until: () => string,
): string | undefined {
  switch (block) {
    case 'signedOut':
      return s.blockedSignedOut;
    case 'offline':
      return s.blockedOffline;
    case 'rateLimited':
      return format(s.blockedRateLimited, until());
    default:
      return locked ? s.blockedLocked : undefined;
  }
}
