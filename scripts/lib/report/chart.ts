import { escapeHtml } from '@praxis/platform';

/**
 * The report's charts as inline SVG: pure functions of their data, so they can be checked
 * without a browser and the page needs no script.
 */
export const COLOURS = ['#1b6ca8', '#d1495b', '#00798c', '#edae49', '#66a182', '#8e5572'];
const WIDTH = 760;
const HEIGHT = 260;
const PAD = { left: 48, right: 16, top: 16, bottom: 40 };

export interface Series {
  name: string;
  /** One figure a label; null where there is none, or it is suppressed. */
  values: (number | null)[];
}

export interface ChartData {
  title: string;
  labels: string[];
  series: Series[];
  /** A sentence under the chart. */
  note?: string;
  /** Said instead of the chart when no series has a figure to draw (all suppressed, say). */
  empty: string;
}

const drawable = (series: Series[]): boolean => series.some((item) => item.values.some((value) => value !== null && value !== undefined));

// An empty frame with "s" marks reads as a chart of zeros; a sentence cannot be misread.
function emptyFigure(title: string, sentence: string): string {
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><p class="empty">${escapeHtml(sentence)}</p></figure>`;
}

/**
 * The y-axis ticks: 0 up to the first tick at or above `max`, in about five equal steps of 1, 2
 * or 5 × 10ⁿ. Counts are whole, so a step is never below 1: a largest figure of 0 or 1 gives 0, 1.
 */
export function niceTicks(max: number, steps = 5): number[] {
  const top = Number.isFinite(max) && max > 1 ? Math.ceil(max) : 1;
  const rough = top / steps;
  let step = 1;
  if (rough > 1) {
    const magnitude = 10 ** Math.floor(Math.log10(rough));
    const multiple = [1, 2, 5, 10].find((candidate) => candidate * magnitude >= rough)!;
    step = multiple * magnitude;
  }
  return Array.from({ length: Math.ceil(top / step) + 1 }, (_, index) => index * step);
}

function largest(series: Series[]): number {
  return Math.max(0, ...series.flatMap((item) => item.values.filter((value): value is number => value !== null)));
}

function axes(labels: string[], ticks: number[]): string {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = labels.length > 1 ? plotWidth / (labels.length - 1) : 0;
  const every = Math.max(1, Math.ceil(labels.length / 12));
  const top = ticks.at(-1)!;
  const grid = ticks
    .map((tick) => {
      const y = PAD.top + plotHeight * (1 - tick / top);
      return `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}" stroke="#e3e6ea"/><text class="tick-y" x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${tick}</text>`;
    })
    .join('');
  const xLabels = labels
    .map((label, index) => (index % every === 0 ? `<text class="tick-x" x="${PAD.left + step * index}" y="${HEIGHT - PAD.bottom + 18}" text-anchor="middle">${escapeHtml(label)}</text>` : ''))
    .join('');
  return grid + xLabels;
}

function legend(series: Series[]): string {
  return `<p class="legend">${series.map((item, index) => `<span><i style="background:${COLOURS[index % COLOURS.length]}"></i>${escapeHtml(item.name)}</span>`).join('')}</p>`;
}

export function lineChart({ title, labels, series, empty }: ChartData): string {
  if (!drawable(series)) return emptyFigure(title, empty);
  const ticks = niceTicks(largest(series));
  const top = ticks.at(-1)!;
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
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">${axes(labels, ticks)}${lines}</svg>${legend(series)}</figure>`;
}

export function barChart({ title, labels, series, note, empty }: ChartData): string {
  if (!drawable(series)) return emptyFigure(title, empty);
  const ticks = niceTicks(largest(series));
  const top = ticks.at(-1)!;
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
  const xLabels = labels.map((label, position) => `<text class="tick-x" x="${PAD.left + slot * position + slot / 2}" y="${HEIGHT - PAD.bottom + 18}" text-anchor="middle">${escapeHtml(label)}</text>`).join('');
  const grid = axes([], ticks);
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">${grid}${xLabels}${bars}</svg>${legend(series)}${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}</figure>`;
}
