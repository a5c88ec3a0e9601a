import { ConfigError, loadConfig } from '../../bot/config';

/** FULL_TIME_HOURS: the council's full-time week, for hours-based FTE ("30 hours a week" → 30/37). */
describe('FULL_TIME_HOURS', () => {
  it.each([
    [undefined, 37],
    ['', 37],
    ['37', 37],
    ['36', 36],
    ['36.5', 36.5],
    [' 35 ', 35],
    ['1', 1],
    ['48', 48],
  ])('%j → %s hours', (value, hours) => {
    expect(loadConfig({ FULL_TIME_HOURS: value }).quickEntry).toEqual({ fullTimeHours: hours });
  });

  it.each(['0', '0.5', '48.5', '49', '-37', 'thirty-seven', '37 hours', '37.255', '1e1'])('refuses %j, naming the variable and what it must be', (value) => {
    let error: unknown;
    try {
      loadConfig({ FULL_TIME_HOURS: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'FULL_TIME_HOURS: FULL_TIME_HOURS must be the hours of a full-time week, between 1 and 48, such as 37 or 36.5',
    ]);
  });
});
