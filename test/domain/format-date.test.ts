import { formatDateTime, formatDay } from '../../domain/format-date';

describe('formatting dates people read', () => {
  it('writes a day and a moment as they read in London, in one format', () => {
    expect(formatDay('2026-06-30T23:30:00Z')).toBe('1 July 2026');
    expect(formatDateTime('2026-06-30T23:30:00Z')).toBe('1 July 2026 at 00:30');
    expect(formatDateTime(new Date('2026-12-01T14:05:00Z'))).toBe('1 December 2026 at 14:05');
  });
});
