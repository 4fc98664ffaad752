import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, zoneAbbreviation } from './time';

describe('times in the network’s zone, with the zone named', () => {
  it('uses the network’s zone, not the browser’s', () => {
    expect(formatDateTime('2026-12-04T23:15:00.000Z', 'Australia/Perth')).toBe('5 Dec 2026, 7:15 am AWST');
    expect(formatDateTime('2026-12-04T23:15:00.000Z', 'Australia/Sydney')).toBe('5 Dec 2026, 10:15 am AEDT');
    expect(formatDate('2026-12-04T23:15:00.000Z', 'Australia/Perth')).toBe('5 Dec 2026');
  });

  it('follows daylight saving', () => {
    expect(zoneAbbreviation('2026-07-01T00:00:00.000Z', 'Australia/Sydney')).toBe('AEST');
    expect(zoneAbbreviation('2026-12-01T00:00:00.000Z', 'Australia/Sydney')).toBe('AEDT');
  });

  it('names zones outside Australia as people there do, or by their own name', () => {
    expect(zoneAbbreviation('2026-12-09T17:00:00.000Z', 'America/Toronto')).toBe('EST');
    expect(zoneAbbreviation('2026-12-09T17:00:00.000Z', 'Europe/Berlin')).toBe('Europe/Berlin');
  });
});
