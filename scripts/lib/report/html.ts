import { escapeHtml } from '@praxis/platform';
import { barChart, lineChart } from './chart';
import { MEASURES, valueAt, type ParticipationReport, type ReportCountValue } from './query';

/**
 * A self-contained HTML report: no scripts, no external files, charts as inline SVG, so it can
 * be emailed, archived or printed as it is.
 */

const count = (bucket: Parameters<typeof valueAt>[0], path: string): number | null => {
  const value = valueAt(bucket, path) as ReportCountValue | number | null | undefined;
  if (value === undefined || value === null) return null;
  return typeof value === 'number' ? value : value.total;
};

/** Sums participant-type cells; a suppressed part makes the whole unknown, never a guess. */
function typeSum(bucket: Parameters<typeof valueAt>[0], path: string, types: string[]): number | null {
  const value = valueAt(bucket, path) as ReportCountValue | undefined;
  if (!value) return null;
  let sum = 0;
  for (const cell of value.byParticipantType.filter((candidate) => types.includes(candidate.key))) {
    if (cell.suppressed || cell.value === null) return null;
    sum += cell.value;
  }
  return sum;
}

export function reportHtml(report: ParticipationReport, generatedAt = new Date()): string {
  const labels = report.buckets.map((bucket) => bucket.label);
  const scope = report.community ? `${report.community.name} (${report.network.name})` : report.network.name;
  const over = lineChart({
    title: 'Participation over time',
    labels,
    series: [
      { name: 'Active members', values: report.buckets.map((bucket) => count(bucket, 'activeMembers')) },
      { name: 'Threads and replies', values: report.buckets.map((bucket) => sumOrNull(count(bucket, 'discussion.threads'), count(bucket, 'discussion.replies'))) },
      { name: 'Event registrations', values: report.buckets.map((bucket) => count(bucket, 'events.registrations')) },
      { name: 'Attendance', values: report.buckets.map((bucket) => count(bucket, 'events.attendance')) },
      { name: 'Resources contributed', values: report.buckets.map((bucket) => count(bucket, 'resources.contributed')) },
    ],
    empty: 'The report has no figures for this period.',
  });
  const comparison = barChart({
    title: 'Active members: staff compared with consumer and carer representatives',
    labels,
    series: [
      { name: 'Staff', values: report.buckets.map((bucket) => typeSum(bucket, 'activeMembers', ['STAFF'])) },
      { name: 'Consumer and carer representatives', values: report.buckets.map((bucket) => typeSum(bucket, 'activeMembers', ['CONSUMER_REPRESENTATIVE', 'CARER_REPRESENTATIVE'])) },
    ],
    empty: `Every figure in this chart is suppressed: each counts fewer than ${report.threshold} people, or would reveal one that does. The totals below still show.`,
    note: `"s" marks a figure suppressed because it counts fewer than ${report.threshold} people, or would reveal one that does.`,
  });
  const rows = MEASURES.filter((measure) => report.buckets.some((bucket) => valueAt(bucket, measure.path) !== undefined))
    .map((measure) => `<tr><th scope="row">${escapeHtml(measure.label)}</th>${report.buckets.map((bucket) => `<td>${formatNumber(count(bucket, measure.path))}</td>`).join('')}</tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Participation report: ${escapeHtml(scope)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; color: #1d2733; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } .meta { color: #5b6675; margin-top: 0; }
figure { margin: 2rem 0; } figcaption { font-weight: 600; margin-bottom: 0.5rem; }
svg { width: 100%; height: auto; fill: #5b6675; } .suppressed { fill: #8a94a0; font-style: italic; }
.legend span { margin-right: 1.2rem; white-space: nowrap; } .legend i { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.3rem; vertical-align: -1px; }
.note { color: #5b6675; font-size: 0.9em; } .empty { color: #5b6675; font-style: italic; margin: 0; } table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border-bottom: 1px solid #e3e6ea; padding: 0.3rem 0.5rem; text-align: right; } th[scope=row] { text-align: left; font-weight: 500; }
.scroll { overflow-x: auto; }
</style></head>
<body>
<h1>Participation report: ${escapeHtml(scope)}</h1>
<p class="meta">${escapeHtml(report.from)} to ${escapeHtml(report.to)} (excluded), by ${escapeHtml(report.granularity.toLowerCase())}, in ${escapeHtml(report.timeZone)}. Breakdowns count people by their attributes at the time of the activity. Generated ${escapeHtml(generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC.</p>
${over}
${comparison}
<h2>Totals</h2>
<div class="scroll"><table><thead><tr><th></th>${labels.map((label) => `<th scope="col">${escapeHtml(label)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>
</body></html>
`;
}

function sumOrNull(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}

function formatNumber(value: number | null): string {
  if (value === null) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
