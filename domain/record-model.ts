import type { CalendarDate } from './calendar-date';
import type { CaseSectionKey } from './case-sections';
import type { LineCost } from './costs';
import type { Discipline } from './lifecycle';
import type { ChangeLine } from './request';

/**
 * The record of decision: what a council publishes once an officer (or a committee)
 * has decided a request. Pure: built from the request's content, its workflow state and
 * its costs, so the card, the channel post and the Word report all say the same thing.
 *
 * Every piece of text carries whether it is exempt from publication under Schedule 12A:
 * it is exempt when it comes from a section the officer marked exempt, or when 'costs'
 * is marked exempt and the text contains a money figure.
 */
export interface RecordText {
  text: string;
  exempt: boolean;
}

export type ExemptPart = CaseSectionKey | 'costs';

export interface ExemptInfo {
  paragraph: number;
  /** The paragraph's description from Schedule 12A, e.g. "Information relating to any individual". */
  paragraphText: string;
  parts: ExemptPart[];
  /** The parts as a report names them ("Financial implications", "Costs"). */
  labels: string[];
}

export interface DecisionMaker {
  kind: 'director' | 'committee';
  /** The director's name, or the committee's. */
  name: string;
  /** "Director" or "Committee". */
  role: string;
  /** Who actually acted: the director, a deputy, or whoever recorded the committee's resolution. */
  actedBy: string;
  /** Set when a deputy acted for the decision maker (or for the person recording a committee's decision). */
  onBehalfOf?: string;
  /** "Anna Smith, Director" / "Children and Young People's Committee" with any deputy note. */
  description: string;
}

export interface RecordChange {
  /** The line as reports write it, figures included. */
  text: RecordText;
  /** The same line without any money figure: safe to publish when costs are exempt. */
  publicText: string;
  cost: LineCost;
  line: ChangeLine;
}

export interface RecordReview {
  discipline: Discipline;
  /** "Financial Comments (SAS 07/05/19)". */
  heading: string;
  signature: string;
  by: string;
  onBehalfOf?: string;
  text: RecordText;
}

export interface RecordOfDecision {
  reference: string;
  title: string;
  decisionMaker: DecisionMaker;
  outcome: 'approved' | 'rejected';
  /** The decision in words: the recommendation as approved (or rejected). */
  decision: RecordText;
  /** The changes decided, one per line. */
  changes: RecordChange[];
  /** "Full-year cost £156,008 …": the figures in a sentence. */
  costSummary: RecordText;
  reasons: RecordText;
  alternativeOptions: RecordText;
  keyDecision: boolean;
  subjectToCallIn: boolean;
  dateOfDecision: CalendarDate;
  publishedOn: CalendarDate | undefined;
  callInDeadline: CalendarDate | undefined;
  /** Undefined until published, and while it is called in or referred to full Council. */
  implementableFrom: CalendarDate | undefined;
  /** Why it cannot be implemented, when it is called in or referred to full Council. */
  suspended: string | undefined;
  leadOfficer: string | undefined;
  wardsAffected: RecordText;
  /** Conflicts of interest declared by anyone consulted, as the report states them. */
  conflictsOfInterest: RecordText;
  /** The decision maker's own declaration when deciding (reg. 7(2)(c)), and anyone who stood aside for a prejudicial interest. */
  decisionMakerInterest: string;
  /** Any dispensation granted to the decision maker ("None" when none). */
  dispensation: string;
  /** Key decisions: the forward plan notice, the route used (standard, general exception, special urgency) and why. */
  forwardPlan: string | undefined;
  reviews: RecordReview[];
  exempt: ExemptInfo | undefined;
  /** The supporting documents of the version decided, in order: the report's appendices. */
  appendices: RecordAppendix[];
  /** The titles of the appendices that are not exempt: what the record lists as background papers. */
  backgroundPapers: string[];
}

export interface RecordAppendix {
  title: string;
  fileName: string;
  /** The Schedule 12A paragraph when exempt (an appendix never marked counts as exempt, paragraph unknown). */
  exempt: false | { paragraph?: number };
}
