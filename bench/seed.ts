/**
 * Requests seeded straight through the storage repositories before the bot starts, at a
 * given stage of the workflow, raised by many officers and decided by many directors, so
 * the bot's notifications spread over many chats as a council's would.
 */
import { TableClient } from '@azure/data-tables';
import { decide, newWorkflow, SYSTEM, WorkflowStateSchema, type Person, type Command, type WorkflowState } from '../domain/lifecycle';
import { formatReference } from '../domain/reference';
import { RequestContentSchema, type RequestContent } from '../domain/request';
import { PEOPLE, SEED_004, TENANT } from '../fixtures/seed-004';
import { ConversationReferenceStore } from '../storage/conversation-references';
import { DraftRepository } from '../storage/draft-repository';
import { RequestStore } from '../storage/request-store';
import { TableNames } from '../storage/table-service';
import { parallel, person, personalConversation, type User } from './harness';

/** Request n (from 0) is ECR-2031-(n+1), raised by officerOf(n) for directorOf(n). */
export const referenceOf = (n: number): string => formatReference(2031, n + 1);
export const OFFICERS = Array.from({ length: 200 }, (_, i) => person('0001', i + 1, `Officer ${i + 1}`));
const DIRECTORS = Array.from({ length: 40 }, (_, i) => person('0002', i + 1, `Director ${i + 1}`));
export const officerOf = (n: number): User => OFFICERS[n % OFFICERS.length]!;
export const directorOf = (n: number): User => DIRECTORS[n % DIRECTORS.length]!;

/**
 * The repositories over a plain SDK client (the bot's own clients give up on a call when
 * Table Storage is silent for a second, which a busy emulator under bulk seeding can be).
 */
export function repositories(connectionString: string, prefix: string) {
  const client = (name: string) => TableClient.fromConnectionString(connectionString, `${prefix}${name}`, { allowInsecureConnection: true });
  const requestsTable = client(TableNames.Requests);
  const titleOf = (c: RequestContent) => c.title ?? '';
  return {
    requestsTable,
    drafts: new DraftRepository(requestsTable, RequestContentSchema, titleOf),
    requests: new RequestStore(requestsTable, { content: RequestContentSchema, workflow: WorkflowStateSchema }, titleOf),
    references: new ConversationReferenceStore(client(TableNames.ConversationRefs)),
    async createTables() {
      for (const name of Object.values(TableNames))
        await client(name)
          .createTable()
          .catch(() => undefined);
    },
  };
}

type Repositories = ReturnType<typeof repositories>;

const actor = (u: User): Person => ({ tenantId: TENANT, aadObjectId: u.aadObjectId, name: u.name });

/**
 * A workflow as test/support/workflow.ts's seedAwaitingDecision builds it, raised by
 * `officer` for `director`: 'review' stops after submission and start of review (version
 * 3, waiting for three comments), 'decision' after the three comments (version 6).
 */
function workflowAt(stage: 'review' | 'decision', officer: User, director: User): WorkflowState {
  const approver = (u: User, initials: string) => ({ ...actor(u), initials });
  const approvers = {
    finance: approver(PEOPLE.finance, 'FF'),
    hr: approver(PEOPLE.hr, 'HH'),
    legal: approver(PEOPLE.legal, 'LL'),
    decision: { kind: 'director' as const, person: approver(director, 'DD') },
  };
  const steps: Array<[Person, Command]> = [
    [actor(officer), { type: 'submit', approvers, openToCallIn: true }],
    [SYSTEM, { type: 'start_review' }],
  ];
  if (stage === 'decision') {
    steps.push(
      [actor(PEOPLE.finance), { type: 'add_comment', expectedVersion: 3, discipline: 'finance', text: 'Funding confirmed.' }],
      [actor(PEOPLE.hr), { type: 'add_comment', expectedVersion: 4, discipline: 'hr', text: 'Grades confirmed.' }],
      [actor(PEOPLE.legal), { type: 'add_comment', expectedVersion: 5, discipline: 'legal', text: 'No legal implications.' }],
    );
  }
  let state = newWorkflow(actor(officer));
  for (const [who, command] of steps) {
    const d = decide(state, command, who, new Date());
    if (!d.ok) throw new Error(`seeding: ${d.message}`);
    state = d.state;
  }
  return state;
}

/**
 * Creates the tables, stores every officer's and director's 1:1 chat (and `extraChats`)
 * as installing the bot would, and seeds request n for each n in `from`..`from + count - 1`
 * exactly as seedAwaitingDecision does (a draft, then submitDraft), 16 at a time.
 */
export async function seed(
  connectionString: string,
  prefix: string,
  serviceUrl: string,
  stages: Array<{ stage: 'review' | 'decision'; from: number; count: number }>,
  extraChats: readonly User[] = [],
): Promise<Repositories> {
  const repos = repositories(connectionString, prefix);
  await repos.createTables();
  const chat = (user: User) => ({ id: personalConversation(user), conversationType: 'personal', tenantId: TENANT });
  await parallel([...OFFICERS, ...DIRECTORS, ...extraChats], 16, (user) =>
    repos.references.save({
      channelId: 'msteams',
      serviceUrl,
      bot: { id: '28:bot', name: 'Establishment Changes' },
      user: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
      conversation: chat(user),
    }),
  );
  const states = new Map<string, WorkflowState>();
  for (const { stage, from, count } of stages) {
    await parallel(
      Array.from({ length: count }, (_, i) => from + i),
      16,
      async (n) => {
        const [officer, director] = [officerOf(n), directorOf(n)];
        const key = `${stage}/${officer.aadObjectId}/${director.aadObjectId}`;
        let state = states.get(key);
        if (!state) states.set(key, (state = workflowAt(stage, officer, director)));
        const owner = { tenantId: TENANT, aadObjectId: officer.aadObjectId };
        const draft = await repos.drafts.create(owner, SEED_004);
        await repos.requests.submitDraft(owner, draft, referenceOf(n), state, { action: 'seeded' });
      },
    );
  }
  return repos;
}
