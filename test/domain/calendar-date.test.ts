import {
  addDays,
  addMonths,
  calendarDate,
  dayOfWeek,
  daysBetween,
  formatLongDate,
  formatShortDate,
  isCalendarDate,
  londonDate,
} from '../../domain/calendar-date';

describe('calendar dates', () => {
  it.each([
    ['2019-02-29', false],
    ['2020-02-29', true],
    ['2018-13-01', false],
    ['2018-07-01', true],
    ['1/7/2018', false],
  ])('%s is a date: %s', (s, ok) => expect(isCalendarDate(s)).toBe(ok));

  it('does arithmetic across month and year ends', () => {
    expect(addDays(calendarDate(2018, 12, 31), 1)).toBe('2019-01-01');
    expect(addMonths(calendarDate(2022, 5, 1), 12)).toBe('2023-05-01');
    expect(addMonths(calendarDate(2024, 1, 31), 1)).toBe('2024-02-29');
    expect(daysBetween(calendarDate(2018, 7, 1), calendarDate(2019, 3, 31))).toBe(273);
    expect(dayOfWeek(calendarDate(2026, 11, 23))).toBe(1);
  });

  it('reads the date in London, not UTC, around midnight in summer time', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('formats dates as the reports do', () => {
    expect(formatLongDate(calendarDate(2018, 7, 1))).toBe('1 July 2018');
    expect(formatShortDate(calendarDate(2019, 5, 7))).toBe('07/05/19');
  });
});
