import type { PersonKey } from '../../domain/person';
import { londonDate } from '../../domain/calendar-date';
import { answer, type Answer, type QuestionKey } from '../../domain/questionnaire';
import type { RequestContent } from '../../domain/request';
import type { Understood } from '../../domain/understood';
import { DraftConflictError, NotFoundError, type DraftRecord } from '../../storage/draft-repository';
import type { RequestService } from '../../app/request-service';
import type { QuickEntrySettings } from '../config/quick-entry';
import { councilDirectorate } from '../../domain/directorate-question';
import { directorateNames } from '../../domain/council-settings';
import { routingFor } from '../../app/request-rules';

type Draft = DraftRecord<RequestContent>;

export type SaveOutcome = { saved: Draft; reply?: string; understood?: Understood } | { invalid: string; draft: Draft } | 'conflict' | 'gone';

/**
 * Applies one answer (typed, or a form's values) to `draft` and saves it over the version
 * read: the one path by which the dialogue and the draft forms change a draft.
 */
export async function saveAnswer(
  service: RequestService,
  owner: PersonKey,
  requesterName: string,
  draft: Draft,
  key: QuestionKey,
  input: Answer,
  quickEntry: QuickEntrySettings,
): Promise<SaveOutcome> {
  const routing = await routingFor(service.settings, owner.tenantId);
  const council = key === 'directorate' ? councilDirectorate(input, routing ? directorateNames(routing) : []) : { input };
  const result = answer(draft.content, key, council.input, {
    // The officer's council's own pay table: never another council's figures.
    payTable: routing?.payTable,
    // The council's own full-time week, else the deployment's.
    fullTimeHours: routing?.fullTimeHours ?? quickEntry.fullTimeHours,
    today: londonDate(service.workflow.now()),
    requesterName,
  });
  if (!result.ok) return { invalid: result.message, draft };
  try {
    return {
      saved: await service.drafts.save(owner, draft, result.draft),
      reply: [council.remark, result.reply].filter(Boolean).join('\n\n') || undefined,
      ...(result.understood ? { understood: result.understood } : {}),
    };
  } catch (e) {
    if (e instanceof DraftConflictError) return 'conflict';
    if (e instanceof NotFoundError) return 'gone';
    throw e;
  }
}

/** The directorates the officer's council has set up (settings card), in its spelling. */
export async function councilDirectorates(service: RequestService, tenantId: string): Promise<string[]> {
  const routing = await routingFor(service.settings, tenantId);
  return routing ? directorateNames(routing) : [];
}
