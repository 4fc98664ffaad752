import { escapeHtml } from '@praxis/platform';

/**
 * The report's charts as inline SVG: pure functions of their data, so they can be checked
 * without a browser and the page needs no script.
 */
export const COLOURS = ['#1b6ca8', '#d1495b', '#00798c', '#edae49', '#66a182', '#8e5572'];
const WIDTH = 760;
const HEIGHT = 260;
/** The least room round the plot; labels that need more get more. */
const PAD = { left: 48, right: 16, top: 16, bottom: 40 };
/** In the SVG's own units, so labels scale with the chart and measure the same at any size. */
export const FONT_SIZE = 11;
const LABEL_GAP = 8;

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

/**
 * A label's width, reckoned without a browser: 0.7 em a character is wider than the digits
 * (0.64 em in DejaVu Sans, Debian's sans-serif) and most capitals of common fonts, so a label
 * placed by it stays inside the chart.
 */
export function textWidth(text: string): number {
  return text.length * 0.7 * FONT_SIZE;
}

interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** The centre of the label at each position. */
  x: (position: number) => number;
  /** Draw every nth label, so that neighbours never touch. */
  every: number;
}

/**
 * Leaves room on each side for half the widest x label (the first and last are centred on the
 * plot's edges in a line chart) and for the widest y tick, then thins the x labels until they
 * fit side by side.
 */
function plot(labels: string[], ticks: number[], kind: 'line' | 'bar'): Plot {
  const widest = Math.max(0, ...labels.map(textWidth));
  const left = Math.max(PAD.left, Math.max(...ticks.map((tick) => textWidth(String(tick)))) + 10, widest / 2 + 2);
  const right = WIDTH - Math.max(PAD.right, widest / 2 + 2);
  const count = Math.max(1, labels.length);
  const spacing = kind === 'bar' ? (right - left) / count : count > 1 ? (right - left) / (count - 1) : right - left;
  const x = kind === 'bar' ? (position: number) => left + spacing * (position + 0.5) : count > 1 ? (position: number) => left + spacing * position : () => (left + right) / 2;
  return { left, right, top: PAD.top, bottom: HEIGHT - PAD.bottom, x, every: Math.max(1, Math.ceil((widest + LABEL_GAP) / spacing)) };
}

const yOf = (area: Plot, value: number, top: number): number => area.bottom - ((area.bottom - area.top) * value) / top;

function axes(area: Plot, labels: string[], ticks: number[]): string {
  const top = ticks.at(-1)!;
  const grid = ticks
    .map((tick) => {
      const y = yOf(area, tick, top);
      return `<line x1="${area.left}" x2="${area.right}" y1="${y}" y2="${y}" stroke="#e3e6ea"/><text class="tick-y" x="${area.left - 6}" y="${y + 4}" text-anchor="end">${tick}</text>`;
    })
    .join('');
  const xLabels = labels
    .map((label, index) => (index % area.every === 0 ? `<text class="tick-x" x="${area.x(index)}" y="${area.bottom + 18}" text-anchor="middle">${escapeHtml(label)}</text>` : ''))
    .join('');
  return grid + xLabels;
}

function svg(title: string, content: string): string {
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" font-size="${FONT_SIZE}" role="img" aria-label="${escapeHtml(title)}">${content}</svg>`;
}

function legend(series: Series[]): string {
  return `<p class="legend">${series.map((item, index) => `<span><i style="background:${COLOURS[index % COLOURS.length]}"></i>${escapeHtml(item.name)}</span>`).join('')}</p>`;
}

export function lineChart({ title, labels, series, empty }: ChartData): string {
  if (!drawable(series)) return emptyFigure(title, empty);
  const ticks = niceTicks(largest(series));
  const top = ticks.at(-1)!;
  const area = plot(labels, ticks, 'line');
  const lines = series
    .map((item, index) => {
      const points = item.values
        .map((value, position) => (value === null ? null : `${area.x(position)},${yOf(area, value, top)}`))
        .filter(Boolean)
        .join(' ');
      return `<polyline fill="none" stroke="${COLOURS[index % COLOURS.length]}" stroke-width="2" points="${points}"/>`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption>${svg(title, axes(area, labels, ticks) + lines)}${legend(series)}</figure>`;
}

export function barChart({ title, labels, series, note, empty }: ChartData): string {
  if (!drawable(series)) return emptyFigure(title, empty);
  const ticks = niceTicks(largest(series));
  const top = ticks.at(-1)!;
  const area = plot(labels, ticks, 'bar');
  const slot = (area.right - area.left) / Math.max(1, labels.length);
  const bar = (slot * 0.8) / series.length;
  const bars = labels
    .map((_, position) =>
      series
        .map((item, index) => {
          const x = area.x(position) - slot * 0.4 + bar * index;
          const value = item.values[position];
          if (value === null || value === undefined) {
            return `<text x="${x + bar / 2}" y="${area.bottom - 4}" text-anchor="middle" class="suppressed">s</text>`;
          }
          const y = yOf(area, value, top);
          return `<rect x="${x}" y="${y}" width="${Math.max(1, bar - 1)}" height="${area.bottom - y}" fill="${COLOURS[index % COLOURS.length]}"><title>${escapeHtml(item.name)}: ${value}</title></rect>`;
        })
        .join(''),
    )
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption>${svg(title, axes(area, labels, ticks) + bars)}${legend(series)}${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}</figure>`;
}
