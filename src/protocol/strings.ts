/**
 * Every string the webview shows, filled by the host with `vscode.l10n.t` (src/views/strings.ts) and shipped in the
 * bootstrap, so the panel is localised by the extension's bundle; `format` fills `{0}` placeholders.
 */
export interface WebviewStrings {
  appName: string;
  signedOutBody: string;
  notConfiguredBody: string;
  signIn: string;
  openSettings: string;
  walkthrough: string;
  newMessage: string;
  newGroup: string;
  refresh: string;
  filterPlaceholder: string;
  conversationsLabel: string;
  noConversations: string;
  noMatches: string;
  unreadCount: string;
  /** Screen-reader words and tooltip for a muted conversation / a blocked partner. */
  muted: string;
  blocked: string;
  /** The thread header's button that lists Mute, Mark as Unread, Block. */
  conversationActions: string;
  /** Above the composer of a 1:1 whose partner this user blocked: the partner's @handle. */
  blockedNotice: string;
  youPrefix: string;
  accountLabel: string;
  signedInAs: string;
  syncSyncing: string;
  syncLastSynced: string;
  syncNever: string;
  syncOffline: string;
  syncRateLimited: string;
  syncError: string;
  back: string;
  openInEditor: string;
  openInSidebar: string;
  /** An editor tab whose conversation is loading, or gone (another account, deleted). */
  tabLoading: string;
  tabUnavailable: string;
  threadLabel: string;
  /** Live-region line for a message that arrives in the open conversation: sender, text. */
  newMessageFrom: string;
  /** Stands in for the text of a message that only carries an attachment. */
  attachmentOnly: string;
  /** Screen-reader name of a conversation row's last message: relative time, preview. */
  lastMessage: string;
  loadOlder: string;
  loadingOlder: string;
  emptyThread: string;
  statusPending: string;
  statusUnconfirmed: string;
  statusFailed: string;
  retry: string;
  check: string;
  discard: string;
  deleteMessage: string;
  joined: string;
  left: string;
  you: string;
  composerLabel: string;
  composerPlaceholder: string;
  send: string;
  hintEnterSends: string;
  hintCtrlEnterSends: string;
  charactersLeft: string;
  charactersOver: string;
  blockedSignedOut: string;
  blockedOffline: string;
  blockedRateLimited: string;
  image: string;
  imageFailed: string;
  attachment: string;
  postBy: string;
  openPost: string;
  requestFailed: string;
  /** Composer attachments. */
  attach: string;
  attaching: string;
  removeAttachment: string;
  altTextLabel: string;
  altTextHint: string;
  uploadProgress: string;
  uploadRetry: string;
  attachNotAccepted: string;
  attachTooLarge: string;
  attachEmpty: string;
  mediaImages: string;
  mediaGifs: string;
  mediaVideos: string;
  attachUsePicker: string;
  /** X Chat (end-to-end encrypted conversations). Screen-reader words for a row; the thread header's label and tooltip. */
  encrypted: string;
  locked: string;
  encryptedLabel: string;
  encryptedTitle: string;
  /** A locked row's secondary line (it has no preview), and its screen-reader time: relative time. */
  lockedPreview: string;
  lastActivity: string;
  /** The X Chat status row above the list, by status; `xchatGuessesLeft`: the number of passcode guesses left. */
  xchatLocked: string;
  xchatUnlock: string;
  xchatUnlocking: string;
  xchatWrongPasscode: string;
  xchatGuessesLeft: string;
  xchatOneGuessLeft: string;
  xchatNoGuessesLeft: string;
  xchatUnavailable: string;
  xchatNoKeys: string;
  xchatUnsupportedSignIn: string;
  xchatLearnMore: string;
  xchatDismiss: string;
  xchatLock: string;
  /** A locked thread's prompt, and why its composer is disabled. */
  xchatLockedThread: string;
  blockedLocked: string;
  /** Stand in for an X Chat message whose signature did not verify / that could not be decrypted (no text shown). */
  integrityUnverified: string;
  integrityUndecryptable: string;
}

/** Replaces `{0}`, `{1}`… with the arguments (as text; the result is still only ever rendered as text). */
export function format(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}
