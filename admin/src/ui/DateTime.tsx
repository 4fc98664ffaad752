import { formatDateTime } from './time';

/** An instant shown in the network's time zone; the machine-readable value and the zone's full name ride along. */
export function DateTime({ value, timeZone }: { value: string; timeZone: string }) {
  return (
    <time dateTime={value} title={timeZone}>
      {formatDateTime(value, timeZone)}
    </time>
  );
}
