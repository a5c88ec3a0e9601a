import { OutboxDrain } from '../../app/drain-notifications';
import type { Log, Turns } from '../../app/ports/runtime';
import { RequestService } from '../../app/request-service';
import { DueWorkScheduler } from '../../app/run-due-work';
import type { Written } from '../../app/workflow-service';
import type { Person } from '../../domain/lifecycle';
import type { RequestContent } from '../../domain/request';
import { RoutingConfigSchema } from '../../domain/routing';
import { workingCalendar } from '../../domain/working-days';
import { PEOPLE, TENANT } from '../../fixtures/seed-004';
import routing from '../../config/routing.example.json';
import { memoryStores } from './memory-stores';
import { RecordingSender } from './recording-sender';
import { oneCouncil } from './memory-councils';

export type PersonRole = keyof typeof PEOPLE;
export const person = (key: PersonRole): Person => ({ tenantId: TENANT, aadObjectId: PEOPLE[key].aadObjectId, name: PEOPLE[key].name });
export const officer = person('officer');

/** Log lines kept for a test to read. */
export class RecordingLog implements Log {
  readonly lines: Array<{ level: 'info' | 'warn' | 'error'; fields: object; message: string }> = [];
  info = (fields: object, message: string) => void this.lines.push({ level: 'info', fields, message });
  warn = (fields: object, message: string) => void this.lines.push({ level: 'warn', fields, message });
  error = (fields: object, message: string) => void this.lines.push({ level: 'error', fields, message });
}

/** Every task runs at once: the tests do not measure turn-taking. */
const immediate: Turns = { run: (task) => task() };

/**
 * The application layer over in-memory stores, as bot/app.ts wires it over Table Storage:
 * the officer's use cases, the workflow, an outbox drain and a due-work scheduler, with
 * Teams a recording sender and the clock set by the test.
 */
export class AppFixture {
  readonly stores = memoryStores();
  readonly log = new RecordingLog();
  /** Every change the workflow reported, in order. */
  readonly changes: Array<{ reference: string; written?: Written }> = [];
  /** Whether changes are drained as they are written (as in the bot), or only when a test asks. */
  drainOnChange = false;
  now: Date;
  readonly service: RequestService;
  readonly sender: RecordingSender;
  readonly drain: OutboxDrain;

  constructor(start = new Date('2026-11-23T10:00:00Z')) {
    this.now = start;
    const settings = {
      councils: oneCouncil(RoutingConfigSchema.parse(routing)),
      calendar: workingCalendar(),
      checks: { keyDecisionThresholdPence: 50_000_000 },
      now: () => this.now,
    };
    this.service = new RequestService(this.stores, settings, (reference, written) => {
      this.changes.push({ reference, ...(written ? { written } : {}) });
      if (this.drainOnChange) this.drain.kick(reference, written);
    });
    this.sender = new RecordingSender(this.service.workflow);
    this.drain = this.newDrain(this.sender);
  }

  get workflow() {
    return this.service.workflow;
  }

  /** Another drain over the same stores (another instance of the bot). */
  newDrain(sender = this.sender): OutboxDrain {
    const { requests, outbox, posts, schedule } = this.stores;
    // Retries are driven here by the scan, on the fixture's clock, not by timers.
    return new OutboxDrain({ requests, outbox, posts, schedule, workflow: this.workflow, sender, turns: immediate, log: this.log, later: () => undefined });
  }

  /** A due-work scheduler over the same stores (one per instance of the bot). */
  newScheduler(sender = this.sender, drain = this.drain): DueWorkScheduler {
    const { requests, outbox, schedule } = this.stores;
    return new DueWorkScheduler({
      requests,
      outbox,
      schedule,
      workflow: this.workflow,
      drain,
      sender,
      turns: immediate,
      appName: 'Establishment Changes',
      log: this.log,
    });
  }

  /** Waits until no drain is in flight. */
  async idle(): Promise<void> {
    for (let work = this.drain.inFlight(); work.length; work = this.drain.inFlight()) await Promise.all(work);
  }

  /** A new draft of the officer's holding `content`. */
  async draft(content: RequestContent, owner: Person = officer) {
    return this.stores.drafts.create({ tenantId: owner.tenantId, aadObjectId: owner.aadObjectId }, content, this.now);
  }

  /** Submits `content` as a new request and returns its reference. */
  async submitted(content: RequestContent, by: Person = officer): Promise<string> {
    const result = await this.service.submit(by, await this.draft(content, by));
    if (!result.ok) throw new Error(result.message);
    return result.value.reference;
  }
}
