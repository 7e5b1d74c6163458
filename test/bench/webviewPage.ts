import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildHtml } from '../../src/views/html';
import type { Bootstrap, WebviewMessage } from '../../src/protocol/messages';
import type { WebviewStrings } from '../../src/protocol/strings';

/**
 * Serves the real webview bundle in a plain page with the production HTML/CSP (src/views/html.ts) and a fake
 * `acquireVsCodeApi`, so render timing and DOM safety can be measured in chromium without a VS Code window.
 */
// Benches and tests run from the repository root (npm scripts do).
const root = process.cwd();

export interface WebviewServer {
  origin: string;
  setPage(html: string): void;
  close(): Promise<void>;
}

export async function startWebviewServer(): Promise<WebviewServer> {
  let page = '';
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const file = path.join(root, path.normalize(url.pathname));
    const allowed = ['dist', 'media', 'node_modules/@vscode-elements', 'test/bench'].some((dir) => file.startsWith(path.join(root, dir) + path.sep));
    if (!allowed || !(await stat(file).catch(() => undefined))?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : file.endsWith('.ttf') ? 'font/ttf' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    setPage: (html) => (page = html),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The production document plus a stand-in for the theme variables VS Code injects (`theme`: dark or light). */
export function pageHtml(origin: string, bootstrap: Bootstrap, theme: 'dark' | 'light' = 'dark'): string {
  const html = buildHtml({
    cspSource: origin,
    nonce: randomBytes(16).toString('base64'),
    scriptUri: `${origin}/dist/webview.js`,
    styleUri: `${origin}/media/panel.css`,
    codiconUri: `${origin}/dist/codicons/codicon.css`,
    bootstrap,
  });
  return html
    .replace('<html ', `<html class="${theme}" `)
    .replace('</head>', `<link rel="stylesheet" href="${origin}/test/bench/vscodeTheme.css">\n</head>`);
}

/**
 * Installs the fake VS Code API before any page script: records posted messages in `window.__posted` and answers
 * requests from `window.__responses[method]` (set by the caller), so the webview behaves as with a host.
 */
export async function installFakeVsCode(page: Page, responses: Record<string, unknown> = {}): Promise<void> {
  // A string, not a function: tsx's keepNames helpers (__name) do not exist inside the page.
  await page.addInitScript(`(() => {
    const w = window;
    w.__posted = [];
    w.__state = undefined;
    w.__responses = ${JSON.stringify(responses).replace(/</g, '\\u003c')};
    w.acquireVsCodeApi = () => ({
      postMessage(message) {
        w.__posted.push(message);
        if (message.type === 'request' && message.id !== undefined) {
          const result = w.__responses[message.method] ?? null;
          setTimeout(() => window.postMessage({ type: 'response', id: message.id, ok: true, result }, '*'), 0);
        }
      },
      getState: () => w.__state,
      setState: (state) => { w.__state = state; },
    });
  })();`);
}

export function posted(page: Page): Promise<WebviewMessage[]> {
  return page.evaluate(() => (globalThis as unknown as { __posted: WebviewMessage[] }).__posted);
}

/** English strings for pages outside VS Code (inside VS Code they come from vscode.l10n). */
export const englishStrings: WebviewStrings = {
  appName: 'X Direct Messages',
  signedOutBody: 'Read and send your X Direct Messages without leaving VS Code.',
  notConfiguredBody: 'To sign in, set the OAuth 2.0 client id of your X app in the setting "xdm.clientId".',
  signIn: 'Sign In to X',
  openSettings: 'Open Settings',
  walkthrough: 'Get started with X Direct Messages',
  newMessage: 'New Message',
  newGroup: 'New Group',
  refresh: 'Refresh',
  filterPlaceholder: 'Filter by name, @username or message text',
  conversationsLabel: 'Conversations',
  noConversations: 'No conversations yet.',
  noMatches: 'No conversations match this filter.',
  unreadCount: '{0} unread',
  muted: 'muted',
  blocked: 'blocked',
  conversationActions: 'Conversation Actions (Mute, Mark as Unread, Block)',
  blockedNotice: 'You blocked {0}. Until you unblock them (⋯ above), neither of you can send the other Direct Messages.',
  youPrefix: 'You: {0}',
  accountLabel: 'Account',
  signedInAs: 'Signed in as {0}',
  syncSyncing: 'Syncing…',
  syncLastSynced: 'Synced {0}',
  syncNever: 'Not synced yet',
  syncOffline: 'Offline — showing the local archive',
  syncRateLimited: 'Rate-limited by X until {0}',
  syncError: 'Sync failed: {0}',
  back: 'Back to conversations',
  openInEditor: 'Open in Editor',
  openInSidebar: 'Open in Sidebar',
  tabLoading: 'Opening the conversation…',
  tabUnavailable: 'This conversation is not available for the signed-in account.',
  threadLabel: 'Messages with {0}',
  newMessageFrom: 'New message from {0}: {1}',
  attachmentOnly: 'an attachment',
  lastMessage: 'last message {0}: {1}',
  loadOlder: 'Load older messages',
  loadingOlder: 'Loading older messages…',
  emptyThread: 'No messages yet.',
  statusPending: 'Sending…',
  statusUnconfirmed: 'May have been sent',
  statusFailed: 'Not sent',
  retry: 'Retry',
  check: 'Check',
  discard: 'Discard',
  deleteMessage: 'Delete Message',
  joined: '{0} joined the conversation',
  left: '{0} left the conversation',
  you: 'You',
  composerLabel: 'Message',
  composerPlaceholder: 'Write a message',
  send: 'Send',
  hintEnterSends: 'Enter to send, Shift+Enter for a new line',
  hintCtrlEnterSends: 'Ctrl+Enter to send, Enter for a new line',
  charactersLeft: '{0} characters left',
  charactersOver: '{0} characters over the limit',
  blockedSignedOut: 'Sign in to send messages.',
  blockedOffline: 'Offline: sending resumes when X is reachable again.',
  blockedRateLimited: "X's rate limit is reached; you can send again at {0}.",
  image: 'Image',
  imageFailed: 'The image could not be loaded.',
  attachment: '{0} attachment',
  postBy: 'Post by {0}',
  openPost: 'Open post',
  requestFailed: 'That did not work: {0}',
  attach: 'Attach an image, GIF or video',
  attaching: 'Preparing the attachment…',
  removeAttachment: 'Remove attachment',
  altTextLabel: 'Description (alt text)',
  altTextHint: "Kept in VS Code: X's Direct Message API takes no image descriptions.",
  uploadProgress: 'Uploading… {0}%',
  uploadRetry: 'Retry',
  attachNotAccepted: 'X does not take this kind of file in a message. Attach a JPG, PNG or WEBP image, a GIF or an MP4 video.',
  attachTooLarge: 'This file is {0}; X takes {1} up to {2}. Nothing was uploaded.',
  attachEmpty: 'This file is empty.',
  mediaImages: 'images',
  mediaGifs: 'GIFs',
  mediaVideos: 'videos',
  attachUsePicker: 'Files over {0} are attached with the paperclip button.',
  encrypted: 'encrypted',
  locked: 'locked',
  encryptedLabel: 'Encrypted',
  encryptedTitle: 'End-to-end encrypted (X Chat)',
  lockedPreview: 'Locked · unlock to read',
  lastActivity: 'last activity {0}',
  xchatLocked: 'Encrypted chats are locked.',
  xchatUnlock: 'Unlock encrypted chats',
  xchatUnlocking: 'Unlocking…',
  xchatWrongPasscode: 'Wrong passcode.',
  xchatGuessesLeft: 'Wrong passcode. {0} guesses left.',
  xchatOneGuessLeft: 'Wrong passcode. 1 guess left.',
  xchatNoGuessesLeft: "Wrong passcode, and no guesses are left: X's key backup no longer releases this account's keys. Encrypted chats are set up again in X's app.",
  xchatUnavailable: "Couldn't reach X's key backup.",
  xchatNoKeys: "X Chat isn't set up for this account. Encrypted chats are set up in X's app; this extension never creates or resets keys.",
  xchatUnsupportedSignIn: 'Encrypted chats need sign-in with OAuth 2.0.',
  xchatLearnMore: 'Learn more',
  xchatDismiss: 'Dismiss',
  xchatLock: 'Lock encrypted chats',
  xchatLockedThread: 'This conversation is encrypted. Unlock encrypted chats to read it.',
  blockedLocked: 'Encrypted chats are locked: unlock them to send in this conversation.',
  integrityUnverified: 'Could not verify sender — this message is hidden.',
  integrityUndecryptable: 'Could not decrypt this message.',
};
