import type { XChatVM } from '../../protocol/viewModels';
import type { XChatStatus } from '../../dm/dmService';

/**
 * The panel's X Chat row from the service's lock state. `unknown` (the keys probe has not answered yet) shows
 * nothing rather than a row that may be wrong; an OAuth 1.0a sign-in cannot use X Chat at all.
 */
export function xchatVM(status: XChatStatus | undefined, signIn: 'oauth2' | 'oauth1' | undefined): XChatVM | undefined {
  if (signIn === 'oauth1') return { status: 'unsupportedSignIn' };
  if (!status || status.status === 'unknown') return undefined;
  if (status.status === 'wrongPasscode') return status.guessesLeft === undefined ? { status: 'wrongPasscode' } : { status: 'wrongPasscode', guessesLeft: status.guessesLeft };
  return { status: status.status };
}

/** The value of the `xdm:xchatState` context key, which decides when Unlock and Lock show in the palette. */
export function xchatContextValue(vm: XChatVM | undefined): string {
  return vm?.status ?? 'none';
}
