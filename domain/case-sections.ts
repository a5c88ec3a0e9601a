/**
 * The sections of a council report, in the order reports print them. Cards, the
 * dialogue and the decision report all iterate this list.
 */
export const CASE_SECTIONS = [
  {
    key: 'purpose',
    label: 'Purpose',
    required: true,
    prompt: 'What is the purpose of the request, in a sentence or two? (e.g. "To establish temporary posts to introduce the revised Short Breaks offer.")',
  },
  { key: 'background', label: 'Background', required: false, prompt: 'What is the background?' },
  { key: 'proposal', label: 'Proposal and rationale', required: true, prompt: 'What do you propose, and why?' },
  { key: 'optionsConsidered', label: 'Other options considered', required: false, prompt: 'What other options were considered, and why were they rejected?' },
  { key: 'reasons', label: 'Reasons for the recommendation', required: true, prompt: 'What are the reasons for the recommendation?' },
  {
    key: 'hrImplications',
    label: 'HR implications',
    required: false,
    prompt: 'What are the HR implications (staff and trade union consultation, recruitment)?',
  },
  {
    key: 'financialImplications',
    label: 'Financial implications',
    required: true,
    prompt: 'What are the financial implications? (The costs are worked out for you; add how they will be met.)',
  },
  { key: 'legalImplications', label: 'Legal implications', required: false, prompt: 'What are the legal implications?' },
  { key: 'risks', label: 'Risks', required: false, prompt: 'What are the key risks and how will they be managed?' },
  { key: 'equalityImplications', label: 'Equality and safeguarding', required: false, prompt: 'What are the equality and safeguarding implications?' },
  { key: 'consultation', label: 'Consultation', required: false, prompt: 'What consultation has been undertaken?' },
  { key: 'wardsAffected', label: 'Wards affected', required: false, prompt: 'Which wards (or electoral divisions) are affected? (e.g. "All")' },
  { key: 'recommendation', label: 'Recommendation', required: true, prompt: 'What is the recommendation, as the decision maker should approve it?' },
] as const;

export type CaseSectionKey = (typeof CASE_SECTIONS)[number]['key'];

export const CASE_SECTION_KEYS = CASE_SECTIONS.map((s) => s.key) as [CaseSectionKey, ...CaseSectionKey[]];

/** Schedule 12A to the Local Government Act 1972: the paragraphs a report may rely on. */
export const SCHEDULE_12A: Record<number, string> = {
  1: 'Information relating to any individual',
  2: 'Information likely to reveal the identity of an individual',
  3: 'Information relating to the financial or business affairs of any particular person',
  4: 'Information relating to consultations or negotiations on labour relations matters',
  5: 'Information in respect of which legal professional privilege could be maintained',
  6: 'Information revealing a proposal to give a notice or make an order',
  7: 'Information relating to the prevention, investigation or prosecution of crime',
};
