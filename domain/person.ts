import { z } from 'zod';

/**
 * A person, the one type for everyone the bot deals with: the sender of an activity, the
 * people fixed on a request, an officer owning drafts, whoever signed in to download. Who
 * they are is their Entra object id in their tenant; the name is what Teams calls them.
 */
export const PersonSchema = z.object({ tenantId: z.string(), aadObjectId: z.string(), name: z.string().max(200), initials: z.string().max(6).optional() });
export type Person = z.infer<typeof PersonSchema>;

/** What identifies a person, with nothing else: the key of their own partition, for instance. */
export type PersonKey = Pick<Person, 'tenantId' | 'aadObjectId'>;

/** A person's key alone (a sender carries a name too): whose partition their drafts are kept in. */
export function personKey(person: PersonKey): PersonKey {
  return { tenantId: person.tenantId, aadObjectId: person.aadObjectId };
}
