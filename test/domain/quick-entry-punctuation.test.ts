import { parseFunding } from '../../domain/funding-entry';
import { parseEntry } from '../../domain/quick-entry';

/**
 * A £ figure ends with a digit: the comma after "£28,376, permanent" belongs to the sentence.
 * These were asked about ("I could not read the amount "£28,376,"") though nothing in them is
 * unclear; figures that run on past the comma are still asked about, never cut short.
 */
describe('a comma after an amount is the sentence’s, not the amount’s', () => {
  it.each([
    ['2 fte Service Organiser (Grade 4), £28,376, permanent', 2_837_600],
    ['establish 1 fte Project Officer, Grade 5, £33,504, from 1 April 2027', 3_350_400],
    ['delete 1 fte Team Manager (PO4), £55,588, from 1 October 2026', 5_558_800],
  ])('%s', (text, pence) => {
    const entry = parseEntry(text);
    expect(entry.questions).toEqual([]);
    expect(entry.lines.map((l) => l.line.annualCostPerFtePence)).toEqual([pence]);
  });

  it.each([
    '1 fte Project Officer (Grade 5) £33,504,5',
    '1 fte Project Officer (Grade 5) £33, 504 with on-costs',
    '1 fte Project Officer (Grade 5) £33,504, 680 hours',
  ])('a figure that runs on is asked about: %s', (text) => expect(parseEntry(text).questions).not.toEqual([]));

  it('funding: "£400,000," is £400,000; "£171, 680" and "£21,960,5" are asked about', () => {
    expect(parseFunding('government grant SAFE Taskforce £55,588,')).toEqual({
      ok: true,
      value: { kind: 'government_grant', amountPence: 5_558_800, description: 'SAFE Taskforce' },
    });
    expect(parseFunding('contingency £400,000, one year only').ok).toBe(true);
    for (const text of ['existing budget £171, 680', 'existing budget £21,960,5']) expect(parseFunding(text).ok).toBe(false);
  });
});

describe('a closing clause that states the total the change leaves is noted, not read', () => {
  it('"…, giving a total of 5 such posts across the Group" adds no post and asks nothing', () => {
    const entry = parseEntry(
      'to disestablish 4 fte Commissioning Assistant posts (Grade 3) and to establish 4 fte Service Organiser posts (Grade 4), giving a total of 5 such posts across the Group to be deployed as shown in Appendix 1',
    );
    expect(entry.questions).toEqual([]);
    expect(entry.lines.map((l) => [l.line.kind, l.line.fteHundredths, l.line.jobTitle])).toEqual([
      ['disestablish', 400, 'Commissioning Assistant'],
      ['establish', 400, 'Service Organiser'],
    ]);
    expect(entry.lines[1]!.notes.join(' ')).toMatch(/as the total it leaves, not as a change/);
  });

  it.each(['establish 2 fte Project Officer (Grade 5), making a total of £60,000', 'establish 2 fte Project Officer (Grade 5), bringing the total to 6 fte'])(
    'a total with money or FTE in it is still asked about: %s',
    (text) => expect(parseEntry(text).questions).not.toEqual([]),
  );
});
