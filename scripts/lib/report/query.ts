/** The report query the export runs through the gateway, and the shape it returns. */
// Cells carry term ids as keys; their labels come once per report from `terms`, not once per
// cell (thousands of Term references in a year of months).
const CELLS = `key value suppressed`;
const COUNT = `total byParticipantType { ${CELLS} } byProfession { ${CELLS} } byRegion { ${CELLS} }`;

export const REPORT_QUERY = `query ParticipationReport($input: ParticipationReportInput!) {
  participationReport(input: $input) {
    scope timeZone threshold from to granularity
    community { name slug }
    network { name slug }
    terms { breakdown key label }
    buckets {
      label start end
      members { total { ${COUNT} } joined { ${COUNT} } left { ${COUNT} } }
      joinRequests { received { ${COUNT} } approved { ${COUNT} } declined { ${COUNT} } medianHoursToDecision }
      activeMembers { ${COUNT} }
      discussion { threads { ${COUNT} } replies { ${COUNT} } reactions { ${COUNT} } }
      resources { contributed { ${COUNT} } views downloads helpfulMarks { ${COUNT} } }
      events { held: eventsHeld { total } registrations { ${COUNT} } attendance { ${COUNT} } attendanceRate cpdHours { ${COUNT} } }
    }
  }
}`;

export interface ReportCell {
  key: string;
  value: number | null;
  suppressed: boolean;
}

export interface ReportCountValue {
  total: number;
  byParticipantType: ReportCell[];
  byProfession: ReportCell[];
  byRegion: ReportCell[];
}

export interface ReportBucket {
  label: string;
  start: string;
  end: string;
  [group: string]: unknown;
}

export interface ParticipationReport {
  scope: 'COMMUNITY' | 'NETWORK';
  timeZone: string;
  threshold: number;
  from: string;
  to: string;
  granularity: string;
  community: { name: string; slug: string } | null;
  network: { name: string; slug: string };
  terms: { breakdown: 'PARTICIPANT_TYPE' | 'PROFESSION' | 'REGION'; key: string; label: string }[];
  buckets: ReportBucket[];
}

/** Every measure in the report, in the order the export lists them. */
export const MEASURES: { path: string; label: string; kind: 'count' | 'total' | 'number' }[] = [
  { path: 'members.total', label: 'Members at the end of the period', kind: 'count' },
  { path: 'members.joined', label: 'Members joined', kind: 'count' },
  { path: 'members.left', label: 'Members left', kind: 'count' },
  { path: 'joinRequests.received', label: 'Join requests received', kind: 'count' },
  { path: 'joinRequests.approved', label: 'Join requests approved', kind: 'count' },
  { path: 'joinRequests.declined', label: 'Join requests declined', kind: 'count' },
  { path: 'joinRequests.medianHoursToDecision', label: 'Median hours to a decision', kind: 'number' },
  { path: 'activeMembers', label: 'Active members', kind: 'count' },
  { path: 'discussion.threads', label: 'Threads', kind: 'count' },
  { path: 'discussion.replies', label: 'Replies', kind: 'count' },
  { path: 'discussion.reactions', label: 'Reactions', kind: 'count' },
  { path: 'resources.contributed', label: 'Resources contributed', kind: 'count' },
  { path: 'resources.views', label: 'Resource views', kind: 'number' },
  { path: 'resources.downloads', label: 'Resource downloads', kind: 'number' },
  { path: 'resources.helpfulMarks', label: 'Resources marked helpful', kind: 'count' },
  // Its total only: the breakdown by organiser would take a year by week over the gateway's cost limit.
  { path: 'events.held', label: 'Events held', kind: 'total' },
  { path: 'events.registrations', label: 'Event registrations', kind: 'count' },
  { path: 'events.attendance', label: 'Attendance', kind: 'count' },
  { path: 'events.attendanceRate', label: 'Attendance rate', kind: 'number' },
  { path: 'events.cpdHours', label: 'CPD hours awarded', kind: 'count' },
];

export function valueAt(bucket: ReportBucket, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null | undefined)?.[key], bucket);
}
