import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The zone's short name at that instant, as Australians write it (AWST, AEDT), from the platform's own data. */
export function zoneAbbreviation(iso: string, timeZone: string): string {
  const part = new Intl.DateTimeFormat('en-AU', { timeZone, timeZoneName: 'short' }).formatToParts(new Date(iso)).find((entry) => entry.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** An instant as a date and time in the network's zone, naming the zone: "4 Dec 2026, 3:15 pm AWST". */
export function formatDateTime(iso: string, timeZone: string): string {
  return `${dayjs(iso).tz(timeZone).format('D MMM YYYY, h:mm a')} ${zoneAbbreviation(iso, timeZone)}`;
}

/** A day in the network's zone: "4 Dec 2026". */
export function formatDate(iso: string, timeZone: string): string {
  return dayjs(iso).tz(timeZone).format('D MMM YYYY');
}
