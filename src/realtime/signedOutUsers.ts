/**
 * Which accounts left the signed-in list since the last look. A signed-out account's subscriptions would keep
 * delivering (and X bills `dm.received`) its DMs to the app's stream, so the controller deletes them.
 */
export class SignedOutUsers {
  private known: ReadonlySet<string> | undefined;

  /** The users gone since the previous call; the first call only learns the list (startup is not a sign-out). */
  next(signedIn: readonly string[]): string[] {
    const now = new Set(signedIn);
    const gone = this.known ? [...this.known].filter((id) => !now.has(id)) : [];
    this.known = now;
    return gone;
  }
}
