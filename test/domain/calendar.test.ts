import { bankHolidays, easterSunday } from '../../domain/bank-holidays';
import { callInWindow } from '../../domain/call-in';
import { calendarDate } from '../../domain/calendar-date';
import { addWorkingDays, workingCalendar } from '../../domain/working-days';

describe('England and Wales bank holidays', () => {
  it.each([
    [2018, '2018-04-01'],
    [2019, '2019-04-21'],
    [2020, '2020-04-12'],
    [2021, '2021-04-04'],
    [2022, '2022-04-17'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2029, '2029-04-01'],
    [2030, '2030-04-21'],
  ])('Easter Sunday %i is %s', (year, date) => expect(easterSunday(year)).toBe(date));

  it.each([
    [2019, ['2019-01-01', '2019-04-19', '2019-04-22', '2019-05-06', '2019-05-27', '2019-08-26', '2019-12-25', '2019-12-26']],
    [2020, ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28']],
    [2021, ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28']],
    [2022, ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27']],
    [2023, ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26']],
    [2026, ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']],
    [2027, ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28']],
  ])('%i', (year, expected) => expect(bankHolidays(year as number)).toEqual(expected));

  it('has eight a year in ordinary years across 2018–2030', () => {
    for (const year of [2018, 2019, 2021, 2024, 2025, 2026, 2027, 2028, 2029, 2030]) expect(bankHolidays(year)).toHaveLength(8);
  });

  it('refuses years it does not know', () => expect(() => bankHolidays(2031)).toThrow(RangeError));
});

describe('working days and the call-in clock', () => {
  const calendar = workingCalendar();

  it('skips weekends and bank holidays', () => {
    expect(addWorkingDays(calendarDate(2026, 11, 20), 1, calendar)).toBe('2026-11-23'); // Friday → Monday
    expect(addWorkingDays(calendarDate(2026, 12, 24), 1, calendar)).toBe('2026-12-29'); // over Christmas and the substitute Boxing Day
  });

  it('a decision published on the Friday before the August bank holiday runs to the Monday after next', () => {
    // Mon 31 Aug is a bank holiday: Tue 1, Wed 2, Thu 3, Fri 4, Mon 7 September.
    expect(callInWindow(calendarDate(2026, 8, 28), calendar)).toEqual({ deadline: '2026-09-07', implementableFrom: '2026-09-08' });
  });

  it('a decision published on 18 December 2026 runs past Christmas into the new year', () => {
    // 21, 22, 23, 24 Dec, then 29 Dec (25 and 28 are bank holidays).
    expect(callInWindow(calendarDate(2026, 12, 18), calendar).deadline).toBe('2026-12-29');
  });

  it('honours extra closure days and a configured period', () => {
    const withClosure = workingCalendar([calendarDate(2026, 12, 29), calendarDate(2026, 12, 30), calendarDate(2026, 12, 31)]);
    expect(callInWindow(calendarDate(2026, 12, 18), withClosure).deadline).toBe('2027-01-04');
    expect(callInWindow(calendarDate(2026, 8, 28), calendar, 3).deadline).toBe('2026-09-03');
  });
});
