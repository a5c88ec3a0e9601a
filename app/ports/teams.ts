import type { Notification } from '../../domain/notifications';
import type { Person, Rules } from '../../domain/lifecycle';
import type { PendingNotification } from '../../storage/pending-notifications';
import type { Unreachable } from './errors';
import type { PostedCard } from './outbox';
import type { Stored } from './requests';
import type { ScheduledItem } from './schedule';

/** A request and the rules it is judged by. */
export type Current = { stored: Stored; rules: Rules };

/**
 * One drain of one request's outbox, as its sends see it: the request, read once for the
 * whole drain, and what the drain has already done: the versions the channel post and
 * every posted card were last drawn from, and the request's posted cards as read once and
 * added to since (a request's posts are written only by its drain, one at a time).
 */
export interface Drain {
  reference: string;
  current(): Promise<Current | undefined>;
  /** What `current` gives from now on: the request as a step left it, or undefined to read it again. */
  changed(now: Promise<Current | undefined> | undefined): void;
  channelShows?: number;
  cardsShow?: number;
  posts?: Promise<PostedCard[]>;
}

/**
 * Carries notifications out in Teams (bot/workflow/notification-sender.ts). A send that
 * cannot go now fails with code UNREACHABLE (the person cannot be reached yet) or
 * RETRY_LATER (Teams asked for a wait); anything else is retried with backoff.
 */
export interface NotificationSending {
  /** Carries out `n`; resolves to the card it posted for a person, for the drain to remember with the row. */
  perform(n: Notification, drain: Drain): Promise<PostedCard | undefined>;
  /** Whether one more post fits the request's posts row. */
  roomForPost(drain: Drain): Promise<boolean>;
  /** Adds a post the drain has stored to what it knows of the request's posts. */
  remembered(drain: Drain, posted: PostedCard): Promise<void>;
  tell(to: Person, text: string): Promise<void>;
  sendCard(stored: Stored, to: Person, rules: Rules): Promise<PostedCard>;
}

type WaitingKey = Pick<PendingNotification, 'tenantId' | 'aadObjectId' | 'reference' | 'slot'>;

/**
 * Notifications for people the bot cannot reach yet (bot/workflow/waiting-notifications.ts
 * over storage/pending-notifications.ts): recorded as waiting, never dropped.
 */
export interface WaitingForPeople {
  store: {
    has(key: WaitingKey): Promise<boolean>;
    resolve(key: WaitingKey): Promise<void>;
    forPerson(tenantId: string, aadObjectId: string): Promise<PendingNotification[]>;
  };
  notifications: {
    waitFor(stored: Stored, to: Person, slot: string, kind: PendingNotification['kind'], err: Unreachable): Promise<void>;
    parkFollowUp(item: ScheduledItem, stored: Stored, to: Person, err: Unreachable): Promise<void>;
  };
  /** How long a notification for someone unreachable waits before its next try, after `attempts` tries. */
  delay(attempts: number): number;
}
