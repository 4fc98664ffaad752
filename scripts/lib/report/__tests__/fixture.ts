import type { ParticipationReport, ReportBucket, ReportCell, ReportCountValue } from '../query';

/**
 * Report data as the gateway returns it, made here so the HTML can be checked without a stack.
 * A participant type's figure of null is a suppressed cell.
 */
export interface BucketFigures {
  label: string;
  start: string;
  end: string;
  members: number;
  /** Active members; by default the participant types' sum, suppressed ones counted as a few. */
  active?: number;
  staff: number | null;
  consumers: number | null;
  carers: number | null;
  threads: number;
  replies: number;
  registrations: number;
  attendance: number;
  resources: number;
}

const cell = (key: string, value: number | null): ReportCell => ({ key, value, suppressed: value === null });

function count(total: number, types: Record<string, number | null> = {}): ReportCountValue {
  const byParticipantType = Object.entries(types).map(([key, value]) => cell(key, value));
  // Professions and regions are rarely large enough to show: one visible cell, the rest suppressed.
  return { total, byParticipantType, byProfession: [cell('term-nurse', total >= 20 ? Math.floor(total / 2) : null), cell('NOT_STATED', null)], byRegion: [cell('term-east', null)] };
}

function bucket(figures: BucketFigures): ReportBucket {
  const active = figures.active ?? (figures.staff ?? 3) + (figures.consumers ?? 2) + (figures.carers ?? 1);
  const types = { STAFF: figures.staff, CONSUMER_REPRESENTATIVE: figures.consumers, CARER_REPRESENTATIVE: figures.carers };
  return {
    label: figures.label,
    start: figures.start,
    end: figures.end,
    members: { total: count(figures.members, types), joined: count(Math.round(figures.members / 10)), left: count(Math.round(figures.members / 40)) },
    joinRequests: { received: count(6), approved: count(5), declined: count(1), medianHoursToDecision: 30.5 },
    activeMembers: count(active, types),
    discussion: { threads: count(figures.threads), replies: count(figures.replies), reactions: count(figures.replies * 2) },
    resources: { contributed: count(figures.resources), views: figures.resources * 31, downloads: figures.resources * 9, helpfulMarks: count(figures.resources) },
    events: { held: { total: 3 }, registrations: count(figures.registrations), attendance: count(figures.attendance), attendanceRate: figures.registrations ? figures.attendance / figures.registrations : null, cpdHours: count(figures.attendance * 1.5) },
  };
}

export function reportFixture(buckets: BucketFigures[], options: { community?: string; granularity?: string } = {}): ParticipationReport {
  return {
    scope: options.community ? 'COMMUNITY' : 'NETWORK',
    timeZone: 'America/Toronto',
    threshold: 5,
    from: buckets[0]!.start,
    to: buckets.at(-1)!.end,
    granularity: options.granularity ?? 'QUARTER',
    community: options.community ? { name: options.community, slug: 'quiet-cop' } : null,
    network: { name: 'Hospice Palliative Care Ontario', slug: 'hpco' },
    terms: [
      { breakdown: 'PROFESSION', key: 'term-nurse', label: 'Nurse' },
      { breakdown: 'REGION', key: 'term-east', label: 'East' },
    ],
    buckets: buckets.map(bucket),
  };
}

/** A year of HPCO by quarter: staff and representatives visible in some quarters, suppressed in others. */
export const hpcoQuarterly = (): ParticipationReport =>
  reportFixture([
    { label: '2026-Q1', start: '2026-01-01', end: '2026-04-01', members: 118, staff: 41, consumers: null, carers: null, threads: 34, replies: 187, registrations: 96, attendance: 71, resources: 12 },
    { label: '2026-Q2', start: '2026-04-01', end: '2026-07-01', members: 131, staff: 47, consumers: 6, carers: null, threads: 41, replies: 220, registrations: 104, attendance: 80, resources: 15 },
    { label: '2026-Q3', start: '2026-07-01', end: '2026-10-01', members: 139, staff: 38, consumers: 5, carers: 5, threads: 22, replies: 121, registrations: 77, attendance: 58, resources: 9 },
    { label: '2026-Q4', start: '2026-10-01', end: '2027-01-01', members: 152, staff: 52, consumers: 8, carers: 6, threads: 45, replies: 243, registrations: 118, attendance: 93, resources: 17 },
  ]);

/** A small community by month: every participant-type cell suppressed, every figure tiny. */
export const quietCommunityMonthly = (): ParticipationReport =>
  reportFixture(
    ['10', '11', '12'].map((month, index) => ({
      label: `2026-${month}`,
      start: `2026-${month}-01`,
      end: index === 2 ? '2027-01-01' : `2026-${Number(month) + 1}-01`,
      members: 4,
      active: 2,
      staff: null,
      consumers: null,
      carers: null,
      threads: index % 2,
      replies: index,
      registrations: 1,
      attendance: index === 1 ? 1 : 0,
      resources: 0,
    })),
    { community: 'Quiet Practice CoP', granularity: 'MONTH' },
  );
