import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright';
import { reportHtml } from '../html';
import type { ParticipationReport } from '../query';
import { hpcoQuarterly, quietCommunityMonthly } from './fixture';

// The HTML report as a person sees it: opened as a file in Debian's Chromium, never a downloaded
// browser, with a full-page screenshot kept for each report under test-results/report/.
const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve(__dirname, '../../../../test-results/report');
const GENERATED = new Date('2027-01-04T09:30:00Z');

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

// The few DOM members read in the page (this package's TypeScript has no DOM library).
interface DomNode {
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): Iterable<DomNode>;
}

interface SeenFigure {
  caption: string;
  svg: Box | null;
  labels: (Box & { kind: string; text: string })[];
  sentence: string | null;
  sentenceBox: Box | null;
}

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) to render the HTML report.`);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await mkdir(OUT, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

/** Writes the report, opens it as a file, keeps its screenshot and returns each figure's boxes. */
async function open(report: ParticipationReport, name: string): Promise<SeenFigure[]> {
  const html = reportHtml(report, GENERATED);
  // It is opened from disk and mailed about: everything it shows is markup, nothing runs.
  expect(html).not.toMatch(/<script|\son\w+=/i);
  const file = join(OUT, `${name}.html`);
  await writeFile(file, html);
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  try {
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('script').count()).toBe(0);
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    return await page.$$eval('figure', (elements) => {
      const figures = elements as unknown as DomNode[];
      const box = (element: DomNode): Box => {
        const rect = element.getBoundingClientRect();
        return { left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom };
      };
      return figures.map((figure) => {
        const svg = figure.querySelector('svg');
        const empty = figure.querySelector('.empty');
        return {
          caption: figure.querySelector('figcaption')?.textContent ?? '',
          svg: svg ? box(svg) : null,
          labels: svg ? [...svg.querySelectorAll('text.tick-x, text.tick-y')].map((text) => ({ kind: text.getAttribute('class')!, text: text.textContent ?? '', ...box(text) })) : [],
          sentence: empty?.textContent ?? null,
          sentenceBox: empty ? box(empty) : null,
        };
      });
    });
  } finally {
    await page.close();
  }
}

function expectLabelsSeen(figure: SeenFigure): void {
  const svg = figure.svg!;
  // Half a pixel for anti-aliasing; anything more is a label cut by the SVG's edge.
  const clipped = figure.labels.filter((label) => label.right - label.left <= 0 || label.left < svg.left - 0.5 || label.right > svg.right + 0.5 || label.top < svg.top - 0.5 || label.bottom > svg.bottom + 0.5);
  expect(clipped.map((label) => `${figure.caption}: ${label.text}`)).toEqual([]);
  const xs = figure.labels.filter((label) => label.kind === 'tick-x').sort((a, b) => a.left - b.left);
  for (let index = 1; index < xs.length; index += 1) expect(xs[index]!.left).toBeGreaterThan(xs[index - 1]!.right);
  const ys = figure.labels.filter((label) => label.kind === 'tick-y').map((label) => label.text);
  expect(ys.length).toBeGreaterThanOrEqual(2);
  for (const tick of ys) expect(tick).toMatch(/^\d+$/);
  expect(new Set(ys).size).toBe(ys.length);
}

test('a year of a network by quarter: both charts drawn, every axis label whole and inside its chart', async () => {
  const figures = await open(hpcoQuarterly(), 'hpco-quarterly');
  expect(figures.map((figure) => figure.caption)).toEqual(['Participation over time', 'Active members: staff compared with consumer and carer representatives']);
  for (const figure of figures) {
    expect(figure.svg).not.toBeNull();
    expectLabelsSeen(figure);
    expect(figure.labels.filter((label) => label.kind === 'tick-x').map((label) => label.text)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
  }
});

test('a small community by month: small whole-number ticks, and the all-suppressed chart says so in words', async () => {
  const figures = await open(quietCommunityMonthly(), 'quiet-community-monthly');
  const [over, comparison] = figures;
  expectLabelsSeen(over!);
  expect(over!.labels.filter((label) => label.kind === 'tick-y').map((label) => label.text)).toEqual(['0', '1', '2']);
  expect(comparison!.svg).toBeNull();
  expect(comparison!.sentence).toMatch(/^Every figure in this chart is suppressed: each counts fewer than 5 people/);
  const seen = comparison!.sentenceBox!;
  expect(seen.right - seen.left).toBeGreaterThan(100);
  expect(seen.bottom - seen.top).toBeGreaterThan(10);
});
