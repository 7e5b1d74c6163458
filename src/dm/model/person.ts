import type { XUser } from '../../api/schemas/user';

/** Someone in a conversation, in the extension's own words (X's user entity is only the wire and disk shape). */
export interface Person {
  id: string;
  /** X handle without the @; empty while the person is known by id only. */
  username: string;
  /** Display name; empty while the person is known by id only. */
  name: string;
  avatarUrl?: string;
  /** X says whether this person accepts DMs from the signed-in user (absent when X did not say). */
  acceptsDms?: boolean;
  protected?: boolean;
  verified?: boolean;
}

export function personOf(user: XUser): Person {
  const person: Person = { id: user.id, username: user.username, name: user.name };
  if (user.profile_image_url !== undefined) person.avatarUrl = user.profile_image_url;
  if (user.receives_your_dm !== undefined) person.acceptsDms = user.receives_your_dm;
  if (user.protected !== undefined) person.protected = user.protected;
  if (user.verified !== undefined) person.verified = user.verified;
  return person;
}

/** The wire/disk form of a person picked outside the archive, so it can be kept like X's includes. */
export function userOf(person: Person): XUser {
  const user: XUser = { id: person.id, username: person.username, name: person.name };
  if (person.avatarUrl !== undefined) user.profile_image_url = person.avatarUrl;
  if (person.acceptsDms !== undefined) user.receives_your_dm = person.acceptsDms;
  if (person.protected !== undefined) user.protected = person.protected;
  if (person.verified !== undefined) user.verified = person.verified;
  return user;
}

/** Someone known by id only (not in any includes yet). */
export function placeholderPerson(id: string): Person {
  return { id, username: '', name: '' };
}

export function displayName(person: Person | undefined, id: string): string {
  if (person?.name) return person.name;
  if (person?.username) return `@${person.username}`;
  return id;
}
