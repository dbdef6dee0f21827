import { describe, expect, it } from 'vitest';
import {
  arxivAnnouncementFor,
  arxivSubmissionWindow,
  describeArxivDay,
  easternInstant,
  hfDayComplete,
  isDay,
  latestArxivAnnouncement,
  nextArxivAnnouncement,
} from '../../src/sources/calendar.js';

describe('arXiv announcement calendar', () => {
  it('announces at 20:00 US Eastern, following daylight saving time', () => {
    expect(easternInstant('2025-03-03', 20).toISOString()).toBe('2025-03-04T01:00:00.000Z'); // EST
    expect(easternInstant('2025-03-10', 20).toISOString()).toBe('2025-03-11T00:00:00.000Z'); // EDT
    expect(arxivAnnouncementFor('2025-03-04')).toMatchObject({ evening: '2025-03-03', listingDay: '2025-03-04' });
  });

  it('lists Monday to Friday; Saturday and Sunday have no listing, said plainly', () => {
    expect(describeArxivDay('2025-03-03')).toEqual({ announced: true, reason: null }); // Monday (Sunday evening)
    expect(describeArxivDay('2025-03-07')).toEqual({ announced: true, reason: null }); // Friday (Thursday evening)
    expect(describeArxivDay('2025-03-08')).toEqual({ announced: false, reason: 'no arXiv announcement: arXiv does not announce on Friday evenings' });
    expect(describeArxivDay('2025-03-09').announced).toBe(false);
  });

  it('knows the holidays from arXiv\'s published list (Thanksgiving 2025: no Friday listing)', () => {
    expect(describeArxivDay('2025-11-28')).toEqual({ announced: false, reason: 'no arXiv announcement: Thursday 2025-11-27 is an arXiv holiday' });
    // A holiday passed as data overrides the bundled list.
    expect(describeArxivDay('2025-03-05', ['2025-03-04']).announced).toBe(false);
  });

  it('finds the latest and next announcement around weekends and holidays', () => {
    // Saturday noon Eastern: the latest is Thursday evening's (listing Friday); the next is Sunday's.
    const saturday = new Date('2025-03-08T17:00:00Z');
    expect(latestArxivAnnouncement(saturday)).toMatchObject({ evening: '2025-03-06', listingDay: '2025-03-07' });
    expect(nextArxivAnnouncement(saturday)).toMatchObject({ evening: '2025-03-09', listingDay: '2025-03-10' });
    // Monday 19:59 Eastern (EDT since March 9) is still before Monday's announcement.
    expect(latestArxivAnnouncement(new Date('2025-03-10T23:59:00Z')).evening).toBe('2025-03-09');
    expect(latestArxivAnnouncement(new Date('2025-03-11T00:00:00Z')).evening).toBe('2025-03-10');
    // Thanksgiving Thursday 2025 is skipped.
    expect(latestArxivAnnouncement(new Date('2025-11-28T15:00:00Z')).evening).toBe('2025-11-26');
  });

  it('maps a listing day to the submission window of the schedule table', () => {
    // Tuesday's listing (Monday evening): Friday 14:00 to Monday 14:00 Eastern.
    expect(arxivSubmissionWindow('2025-03-04')).toEqual({ from: new Date('2025-02-28T19:00:00Z'), to: new Date('2025-03-03T19:00:00Z') });
    // Monday's listing (Sunday evening): Thursday 14:00 to Friday 14:00.
    expect(arxivSubmissionWindow('2025-03-03')).toEqual({ from: new Date('2025-02-27T19:00:00Z'), to: new Date('2025-02-28T19:00:00Z') });
  });

  it('validates calendar dates', () => {
    expect(isDay('2025-02-28')).toBe(true);
    expect(isDay('2025-02-30')).toBe(false);
    expect(isDay('2025-3-1')).toBe(false);
  });
});

describe('Hugging Face day completeness', () => {
  it('a UTC day is complete once it has ended and the grace period passed', () => {
    expect(hfDayComplete('2025-03-04', new Date('2025-03-04T23:00:00Z'))).toBe(false);
    expect(hfDayComplete('2025-03-04', new Date('2025-03-05T00:30:00Z'))).toBe(false);
    expect(hfDayComplete('2025-03-04', new Date('2025-03-05T01:00:00Z'))).toBe(true);
  });
});
