import { MEASURES, valueAt, type ParticipationReport, type ReportCountValue } from './query';

/** One row of the tidy export: one bucket, one measure, one breakdown cell. */
export interface ReportRow {
  scope: string;
  network: string;
  community: string;
  period: string;
  period_start: string;
  period_end: string;
  measure: string;
  breakdown: 'TOTAL' | 'PARTICIPANT_TYPE' | 'PROFESSION' | 'REGION';
  category: string;
  value: number | null;
  suppressed: boolean;
}

export const COLUMNS: (keyof ReportRow)[] = ['scope', 'network', 'community', 'period', 'period_start', 'period_end', 'measure', 'breakdown', 'category', 'value', 'suppressed'];

const BREAKDOWNS = [
  ['PARTICIPANT_TYPE', 'byParticipantType'],
  ['PROFESSION', 'byProfession'],
  ['REGION', 'byRegion'],
] as const;

/** Flattens a report into tidy rows: the shape analysts load into a spreadsheet or R. */
export function reportRows(report: ParticipationReport): ReportRow[] {
  const rows: ReportRow[] = [];
  // Vocabulary terms are named by their labels; participant types and NOT_STATED keep their keys,
  // which analysts filter on.
  const labels = new Map(report.terms.filter((term) => term.breakdown !== 'PARTICIPANT_TYPE' && term.key !== 'NOT_STATED').map((term) => [term.key, term.label]));
  for (const bucket of report.buckets) {
    const base = {
      scope: report.scope,
      network: report.network.slug,
      community: report.community?.slug ?? '',
      period: bucket.label,
      period_start: bucket.start,
      period_end: bucket.end,
    };
    for (const measure of MEASURES) {
      const value = valueAt(bucket, measure.path);
      if (value === undefined) continue;
      if (measure.kind !== 'count') {
        const number = measure.kind === 'total' ? (value as { total: number } | null)?.total : value;
        rows.push({ ...base, measure: measure.path, breakdown: 'TOTAL', category: '', value: number == null ? null : Number(number), suppressed: false });
        continue;
      }
      const count = value as ReportCountValue;
      rows.push({ ...base, measure: measure.path, breakdown: 'TOTAL', category: '', value: count.total, suppressed: false });
      for (const [breakdown, field] of BREAKDOWNS) {
        for (const cell of count[field]) {
          rows.push({ ...base, measure: measure.path, breakdown, category: labels.get(cell.key) ?? cell.key, value: cell.value, suppressed: cell.suppressed });
        }
      }
    }
  }
  return rows;
}
