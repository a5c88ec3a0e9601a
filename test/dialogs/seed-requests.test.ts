import { BotHarness, textOf } from '../support/bot-harness';

/** Each seed report raised in chat: header, quick-entry lines, funding, case, then the summary's totals. */
interface Seed {
  name: string;
  title: string;
  lines: string[];
  funding: string[];
  keyDecision: 'yes' | 'no';
  expect: RegExp[];
}

const seeds: Seed[] = [
  {
    name: '000: Service Organisers and a temporary Project Manager (grades subject to job evaluation)',
    title: 'Changes to the staffing establishment in the Commissioning and Placements Group',
    // Each line is followed by the answers the bot asks for: an estimate (the grade awaits job evaluation) and a term.
    lines: [
      'establish 3 fte Service Organiser (grade subject to Job Evaluation) posts with effect from 1 May 2022',
      '£28,368',
      'permanent',
      'establish 1 fte Project Manager (grade subject to Job Evaluation) on a temporary basis for 12 months with effect from 1 May 2022',
      '£52,392',
    ],
    funding: ['existing budget £85,104', 'partner contribution from the regional improvement alliance £52,392'],
    keyDecision: 'no',
    expect: [
      /Full-year cost[\s\S]*£137,496/,
      /Temporary posts over their terms[\s\S]*£52,392/,
      /1 May 2022 to 30 April 2023/,
      /the cost is an estimate until job evaluation/,
      /Funding exactly covers the cost/,
    ],
  },
  {
    name: '001: reorganisation with disestablished posts and a shortfall',
    title: 'Reorganisation of staffing within the Commissioning and Placements Group',
    lines: [
      'to disestablish 4 fte Commissioning Assistant posts (Grade 3 scp 18 - £23,940 with on-costs) with effect from 1 June 2019 and to establish 4 fte Service Organiser posts (Grade 4 scp 23 - £28,376 with on-costs) permanent with effect from 1 June 2019',
    ],
    funding: ['existing budget £0'],
    keyDecision: 'no',
    expect: [/-£95,760 a full year/, /£113,504 a full year/, /Full-year cost[\s\S]*£17,744/, /Shortfall: funding falls £17,744 short of the cost/],
  },
  {
    name: '002: temporary Short Breaks posts and an honorarium',
    title: 'Implementation of revised Short Breaks offer: temporary changes to the staffing establishment',
    lines: [
      '2 fte Reviewing Officers (Hay Band A scp 34 - £40,702 with on-costs) temporary until 31 March 2019 from 1 July 2018',
      '2 fte Assessment Officers (Grade 5 scp 28 - £33,504 with on-costs) temporary until 31 March 2019 from 1 July 2018',
      '2 fte Service Organisers (Grade 4 scp 23 £28,376 with on-costs) temporary until 31 March 2019 from 1 July 2018',
      '1 fte Commissioning Officer (Hay Band A scp 34 - £40,702 with on-costs) temporary until 31 March 2019 from 1 July 2018',
      '1.5 fte Commissioning Assistants (Grade 3 scp 18 - £23,940 with on-costs) temporary until 31 March 2019 from 1 July 2018',
      'an honorarium payment of £3,161',
    ],
    funding: ['contingency £284,937'],
    keyDecision: 'no',
    expect: [
      /Full-year cost[\s\S]*£281,776/,
      /Total \(full year \+ one-off\)[\s\S]*£284,937/,
      /Temporary posts over their terms[\s\S]*£211,332/,
      /Funding exactly covers the cost/,
    ],
  },
];

describe.each(seeds)('seed $name', (seed) => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  it('is raised through the dialogue and shows the report totals', async () => {
    const all: string[] = [];
    const say = async (text: string) => {
      const reply = (await bot.say(text)).map(textOf).join('\n');
      all.push(`> ${text}\n${reply}`);
      return reply;
    };
    for (const answer of ['new request', seed.title, 'Children and Families', 'Commissioning and Placements', 'skip', 'Jon Hawketts, Group Manager'])
      await say(answer);
    for (const line of seed.lines) await say(line);
    await say('no');
    for (const source of seed.funding) await say(source);
    await say('no');
    for (const section of ['Purpose', 'skip', 'Proposal', 'skip', 'Reasons', 'skip', 'Finance', 'skip', 'skip', 'skip', 'skip', 'All', 'Recommendation'])
      await say(section);
    await say(seed.keyDecision);
    await say('yes');
    const summary = await say('no');
    for (const pattern of seed.expect) expect(summary).toMatch(pattern);
    expect(summary).not.toContain('${');
  });
});
