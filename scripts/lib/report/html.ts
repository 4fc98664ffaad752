import { escapeHtml } from '@praxis/platform';
import { MEASURES, valueAt, type ParticipationReport, type ReportCountValue } from './query';

/**
 * A self-contained HTML report: no scripts, no external files, charts as inline SVG, so it can
 * be emailed, archived or printed as it is.
 */
const COLOURS = ['#1b6ca8', '#d1495b', '#00798c', '#edae49', '#66a182', '#8e5572'];
const WIDTH = 760;
const HEIGHT = 260;
const PAD = { left: 48, right: 16, top: 16, bottom: 40 };

interface Series {
  name: string;
  values: (number | null)[];
}

function scale(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / magnitude) * magnitude;
}

function axes(labels: string[], top: number): string {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = labels.length > 1 ? plotWidth / (labels.length - 1) : 0;
  const every = Math.max(1, Math.ceil(labels.length / 12));
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((fraction) => {
      const y = PAD.top + plotHeight * (1 - fraction);
      return `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}" stroke="#e3e6ea"/><text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${Math.round(top * fraction)}</text>`;
    })
    .join('');
  const xLabels = labels
    .map((label, index) => (index % every === 0 ? `<text x="${PAD.left + step * index}" y="${HEIGHT - PAD.bottom + 18}" text-anchor="middle">${escapeHtml(label)}</text>` : ''))
    .join('');
  return ticks + xLabels;
}

function legend(series: Series[]): string {
  return `<p class="legend">${series.map((item, index) => `<span><i style="background:${COLOURS[index % COLOURS.length]}"></i>${escapeHtml(item.name)}</span>`).join('')}</p>`;
}

function lineChart(title: string, labels: string[], series: Series[]): string {
  const top = scale(Math.max(0, ...series.flatMap((item) => item.values.filter((value): value is number => value !== null))));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = labels.length > 1 ? plotWidth / (labels.length - 1) : 0;
  const lines = series
    .map((item, index) => {
      const points = item.values
        .map((value, position) => (value === null ? null : `${PAD.left + step * position},${PAD.top + plotHeight * (1 - value / top)}`))
        .filter(Boolean)
        .join(' ');
      return `<polyline fill="none" stroke="${COLOURS[index % COLOURS.length]}" stroke-width="2" points="${points}"/>`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">${axes(labels, top)}${lines}</svg>${legend(series)}</figure>`;
}

function barChart(title: string, labels: string[], series: Series[], note: string): string {
  const top = scale(Math.max(0, ...series.flatMap((item) => item.values.filter((value): value is number => value !== null))));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, labels.length);
  const bar = (slot * 0.8) / series.length;
  const bars = labels
    .map((_, position) =>
      series
        .map((item, index) => {
          const x = PAD.left + slot * position + slot * 0.1 + bar * index;
          const value = item.values[position];
          if (value === null || value === undefined) {
            return `<text x="${x + bar / 2}" y="${PAD.top + plotHeight - 4}" text-anchor="middle" class="suppressed">s</text>`;
          }
          const height = (plotHeight * value) / top;
          return `<rect x="${x}" y="${PAD.top + plotHeight - height}" width="${Math.max(1, bar - 1)}" height="${height}" fill="${COLOURS[index % COLOURS.length]}"><title>${escapeHtml(item.name)}: ${value}</title></rect>`;
        })
        .join(''),
    )
    .join('');
  const xLabels = labels.map((label, position) => `<text x="${PAD.left + slot * position + slot / 2}" y="${HEIGHT - PAD.bottom + 18}" text-anchor="middle">${escapeHtml(label)}</text>`).join('');
  const grid = axes([], top);
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">${grid}${xLabels}${bars}</svg>${legend(series)}<p class="note">${escapeHtml(note)}</p></figure>`;
}

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
  const over = lineChart(
    'Participation over time',
    labels,
    [
      { name: 'Active members', values: report.buckets.map((bucket) => count(bucket, 'activeMembers')) },
      { name: 'Threads and replies', values: report.buckets.map((bucket) => sumOrNull(count(bucket, 'discussion.threads'), count(bucket, 'discussion.replies'))) },
      { name: 'Event registrations', values: report.buckets.map((bucket) => count(bucket, 'events.registrations')) },
      { name: 'Attendance', values: report.buckets.map((bucket) => count(bucket, 'events.attendance')) },
      { name: 'Resources contributed', values: report.buckets.map((bucket) => count(bucket, 'resources.contributed')) },
    ],
  );
  const comparison = barChart(
    'Active members: staff compared with consumer and carer representatives',
    labels,
    [
      { name: 'Staff', values: report.buckets.map((bucket) => typeSum(bucket, 'activeMembers', ['STAFF'])) },
      { name: 'Consumer and carer representatives', values: report.buckets.map((bucket) => typeSum(bucket, 'activeMembers', ['CONSUMER_REPRESENTATIVE', 'CARER_REPRESENTATIVE'])) },
    ],
    `"s" marks a figure suppressed because it counts fewer than ${report.threshold} people, or would reveal one that does.`,
  );
  const rows = MEASURES.filter((measure) => report.buckets.some((bucket) => valueAt(bucket, measure.path) !== undefined))
    .map((measure) => `<tr><th scope="row">${escapeHtml(measure.label)}</th>${report.buckets.map((bucket) => `<td>${formatNumber(count(bucket, measure.path))}</td>`).join('')}</tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Participation report: ${escapeHtml(scope)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; color: #1d2733; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } .meta { color: #5b6675; margin-top: 0; }
figure { margin: 2rem 0; } figcaption { font-weight: 600; margin-bottom: 0.5rem; }
svg { width: 100%; height: auto; font-size: 11px; fill: #5b6675; } .suppressed { fill: #8a94a0; font-style: italic; }
.legend span { margin-right: 1.2rem; white-space: nowrap; } .legend i { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.3rem; vertical-align: -1px; }
.note { color: #5b6675; font-size: 0.9em; } table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
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
