import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

function shortName(locale: string, iso: string, timeZone: string): string | undefined {
  return new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(new Date(iso)).find((entry) => entry.type === 'timeZoneName')?.value;
}

/**
 * The zone's name at that instant as people there write it: AWST or AEDT in Australia, EST in
 * North America. Where the platform knows only an offset ("GMT+1"), the zone's own name says more.
 */
export function zoneAbbreviation(iso: string, timeZone: string): string {
  for (const locale of ['en-AU', 'en-US']) {
    const name = shortName(locale, iso, timeZone);
    if (name && !/^(GMT|UTC)[+-]/.test(name)) return name;
  }
  return timeZone;
}

/** An instant as a date and time in the network's zone, naming the zone: "4 Dec 2026, 3:15 pm AWST". */
export function formatDateTime(iso: string, timeZone: string): string {
  return `${dayjs(iso).tz(timeZone).format('D MMM YYYY, h:mm a')} ${zoneAbbreviation(iso, timeZone)}`;
}

/** A day in the network's zone: "4 Dec 2026". */
export function formatDate(iso: string, timeZone: string): string {
  return dayjs(iso).tz(timeZone).format('D MMM YYYY');
}
