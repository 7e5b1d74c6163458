/** What applying records changed, so the service can tell its listeners precisely. */
export interface ChangeSet {
  conversations: Set<string>;
  /** Event ids that were not in the archive before. */
  newEventIds: string[];
  outbox: boolean;
  users: boolean;
}

export function emptyChangeSet(): ChangeSet {
  return { conversations: new Set(), newEventIds: [], outbox: false, users: false };
}
