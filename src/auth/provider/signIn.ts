import * as vscode from 'vscode';
import { explainSetup } from '../errors/show';
import type { FlowContext, FlowQuery, SignInFlow } from '../flows';
import { flowsFor } from '../flows';
import { accessTokenFlow } from '../flows/accessToken';
import { loopbackFlow, probeLoopback, uriHandlerFlow } from '../flows/oauth2';
import type { StoredSession } from '../sessions/session';
import { readAuthSettings } from '../settings';

/** Every flow, in the order of the capability table in flows.ts. */
export const SIGN_IN_FLOWS: readonly SignInFlow[] = [loopbackFlow, uriHandlerFlow, accessTokenFlow];

/** The sign-in behind `createSession`: the first browser flow that fits this window. Rejects on cancel. */
export async function signInWithBrowser(context: FlowContext): Promise<StoredSession> {
  const settings = readAuthSettings();
  const hasClientId = Boolean(settings.clientId);
  // Probed only when a flow could use the answer: asExternalUri may open a port forward.
  const loopbackReachable = hasClientId ? await probeLoopback(settings, context.log) : undefined;
  const query: FlowQuery = { entry: 'browser', hasClientId, loopbackReachable };
  const [flow] = flowsFor(SIGN_IN_FLOWS, query);
  if (!flow) {
    // No client id yet: nothing to consent to until the X app exists.
    explainSetup(settings);
    throw new vscode.CancellationError();
  }
  context.log.info(`Sign-in flow: ${flow.label}.`);
  const session = await flow.trigger(context);
  if (!session) throw new vscode.CancellationError();
  return session;
}

/** `X DMs: Sign In with Access Token…`: the flow for keys typed into VS Code; undefined when the user gave up. */
export async function signInWithKeys(context: FlowContext): Promise<StoredSession | undefined> {
  const [flow] = flowsFor(SIGN_IN_FLOWS, { entry: 'keys', hasClientId: Boolean(readAuthSettings().clientId) });
  return flow?.trigger(context);
}
