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
      return `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}" stroke="#e3e6ea"/><text class="tick-y" x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${Math.round(top * fraction)}</text>`;
    })
    .join('');
  const xLabels = labels
    .map((label, index) => (index % every === 0 ? `<text class="tick-x" x="${PAD.left + step * index}" y="${HEIGHT - PAD.bottom + 18}" text-anchor="middle">${escapeHtml(label)}</text>` : ''))
    .join('');
  return ticks + xLabels;
}

function legend(series: Series[]): string {
  return `<p class="legend">${series.map((item, index) => `<span><i style="background:${COLOURS[index % COLOURS.length]}"></i>${escapeHtml(item.name)}</span>`).join('')}</p>`;
}

export function lineChart({ title, labels, series }: ChartData): string {
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

export function barChart({ title, labels, series, note }: ChartData): string {
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
  const xLabels = labels.map((label, position) => `<text class="tick-x" x="${PAD.left + slot * position + slot / 2}" y="${HEIGHT - PAD.bottom + 18}" text-anchor="middle">${escapeHtml(label)}</text>`).join('');
  const grid = axes([], top);
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">${grid}${xLabels}${bars}</svg>${legend(series)}${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}</figure>`;
}
