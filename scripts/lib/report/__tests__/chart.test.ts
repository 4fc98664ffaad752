import { barChart, lineChart, type ChartData } from '../chart';

// Reads the SVG as a browser would lay it out, from its attributes alone: text is measured at
// 0.6 em a character, wider than the digits and capitals of common sans-serif fonts.
interface Label {
  className: string;
  text: string;
  left: number;
  right: number;
}

function attributes(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]));
}

function svg(html: string): { width: number; height: number; labels: Label[] } {
  const open = /<svg\b[^>]*>/.exec(html);
  if (!open) throw new Error('no <svg> in the chart');
  const root = attributes(open[0]);
  const [, , width, height] = root.viewBox!.split(' ').map(Number);
  const fontSize = Number(root['font-size'] ?? 11);
  const labels = [...html.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)].map((match) => {
    const attrs = attributes(match[1]!);
    const text = match[2]!.replace(/&amp;/g, '&');
    const extent = text.length * 0.6 * fontSize;
    const x = Number(attrs.x);
    const anchor = attrs['text-anchor'] ?? 'start';
    const left = anchor === 'end' ? x - extent : anchor === 'middle' ? x - extent / 2 : x;
    return { className: attrs.class ?? '', text, left, right: left + extent };
  });
  return { width: width!, height: height!, labels };
}

const yTicks = (html: string): string[] => svg(html).labels.filter((label) => label.className === 'tick-y').map((label) => label.text);

const chart = (values: (number | null)[], labels = values.map((_, index) => `2026-Q${index + 1}`)): ChartData => ({
  title: 'Active members',
  labels,
  series: [
    { name: 'Staff', values },
    { name: 'Representatives', values: values.map(() => null) },
  ],
  empty: 'Every figure in this chart is suppressed.',
});

describe('y-axis ticks', () => {
  test.each([0, 1, 2, 3, 7, 10, 11, 48, 99, 100, 1234, 48_000, 1_250_000])('are distinct integers from 0 to at least the largest figure, %i', (max) => {
    for (const draw of [lineChart, barChart]) {
      const ticks = yTicks(draw(chart([0, max, Math.floor(max / 2)])));
      const numbers = ticks.map(Number);
      for (const tick of ticks) expect(tick).toMatch(/^\d+$/);
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(numbers[0]).toBe(0);
      expect(numbers.at(-1)).toBeGreaterThanOrEqual(Math.max(1, max));
      expect(numbers.length).toBeGreaterThanOrEqual(2);
      expect(numbers.length).toBeLessThanOrEqual(7);
      // A "nice" step: 1, 2 or 5 times a power of ten, the same all the way up.
      const step = numbers[1]! - numbers[0]!;
      expect(String(step)).toMatch(/^[125]0*$/);
      numbers.forEach((tick, index) => expect(tick).toBe(index * step));
    }
  });

  test('a chart of small figures reads 0, 1, 2, 3 rather than rounded fractions', () => {
    expect(yTicks(barChart(chart([1, 3, null, 2])))).toEqual(['0', '1', '2', '3']);
    expect(yTicks(barChart(chart([1, null, null, null])))).toEqual(['0', '1']);
    expect(yTicks(lineChart(chart([0, 0, 0, 0])))).toEqual(['0', '1']);
  });
});

describe('a chart whose cells are all suppressed', () => {
  test('says so in words and draws no empty frame', () => {
    const html = barChart({ ...chart([null, null, null, null]), note: '"s" marks a suppressed figure.' });
    expect(html).toContain('Every figure in this chart is suppressed.');
    expect(html).toContain('Active members');
    expect(html).not.toMatch(/<svg|<line|<rect|class="suppressed"/);
  });

  test('a line chart with no figures says so too', () => {
    const html = lineChart({ ...chart([null, null]), empty: 'No figures to show for this period.' });
    expect(html).toContain('No figures to show for this period.');
    expect(html).not.toMatch(/<svg|<polyline/);
  });

  test('one figure is enough to draw the chart', () => {
    const html = barChart(chart([null, 4, null, null]));
    expect(html).toMatch(/<svg/);
    expect(html).not.toContain('Every figure in this chart is suppressed.');
  });
});

describe('axis labels', () => {
  const cases: [string, string[]][] = [
    ['quarters', ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']],
    ['one quarter', ['2026-Q4']],
    ['months', Array.from({ length: 18 }, (_, index) => `${2025 + Math.floor((index + 6) / 12)}-${String(((index + 6) % 12) + 1).padStart(2, '0')}`)],
    ['weeks', Array.from({ length: 53 }, (_, index) => `2026-W${String(index + 1).padStart(2, '0')}`)],
    ['long labels', ['Financial year 2025–26', 'Financial year 2026–27']],
  ];

  test.each(cases)('every label lies inside the viewBox and none overlap: %s', (_, labels) => {
    for (const draw of [lineChart, barChart]) {
      const values = labels.map((__, index) => 1_250_000 - index);
      const { width, labels: drawn } = svg(draw(chart(values, labels)));
      const axis = drawn.filter((label) => label.className === 'tick-x' || label.className === 'tick-y');
      expect(drawn.filter((label) => label.className === 'tick-x').map((label) => label.text)).toContain(labels[0]);
      const outside = axis.filter((label) => label.left < 0 || label.right > width).map((label) => `${label.text} at ${label.left.toFixed(1)}–${label.right.toFixed(1)} of ${width}`);
      expect(outside).toEqual([]);
      const xs = drawn.filter((label) => label.className === 'tick-x').sort((a, b) => a.left - b.left);
      for (let index = 1; index < xs.length; index += 1) expect(xs[index]!.left).toBeGreaterThan(xs[index - 1]!.right);
    }
  });

  test('the last period is labelled on a line chart of quarters', () => {
    const { labels } = svg(lineChart(chart([5, 6, 7, 8])));
    expect(labels.filter((label) => label.className === 'tick-x').map((label) => label.text)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
  });
});
