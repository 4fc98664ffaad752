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
  const labels = new Map([...report.network.professions, ...report.network.regions].map((term) => [term.id, term.label]));
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
      if (measure.kind === 'number') {
        rows.push({ ...base, measure: measure.path, breakdown: 'TOTAL', category: '', value: value === null ? null : Number(value), suppressed: false });
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
