import { performance } from 'node:perf_hooks';
import { MAX_NESTING, renderHtml, renderText } from '../text/render';

/**
 * A complexity check, not a speed claim: each input that made Markdown renderers super-linear
 * (most from cmark's pathological tests) is rendered at n and at 4n characters, uncached, HTML
 * and plain text, sanitising included. Linear work takes about 4 times as long at 4n; quadratic
 * takes 16. The bound of 8 leaves room for noise on a shared machine.
 */
const N = 5_000;
const MAX_RATIO = 8;

const repeat = (unit: string, chars: number) => unit.repeat(Math.floor(chars / unit.length));
/** Lists each nested one level deeper than the last, as far as `chars` allows. */
const staircase = (chars: number) => {
  let out = '';
  for (let depth = 0; out.length < chars; depth += 1) out += `${'  '.repeat(depth)}* a\n`;
  return out;
};
/** Backtick runs of every length from 1 up, so no two runs close each other. */
const backticks = (chars: number) => {
  let out = '';
  for (let run = 1; out.length < chars; run += 1) out += `e${'`'.repeat(run)}`;
  return out;
};

const INPUTS: [string, (chars: number) => string][] = [
  ['"_*a" repeated', (chars) => repeat('_*a', chars)],
  ['">" repeated', (chars) => repeat('>', chars)],
  ['"> " repeated, then text', (chars) => `${repeat('> ', chars)}a`],
  ['lists nested by indentation', staircase],
  ['lists nested on one line', (chars) => `${repeat('- ', chars)}a`],
  ['"[" repeated', (chars) => repeat('[', chars)],
  ['brackets nested', (chars) => `${'['.repeat(chars / 2)}a${']'.repeat(chars / 2)}`],
  ['"*a**" repeated', (chars) => repeat('*a**', chars)],
  ['backtick runs of growing length', backticks],
  ['"a**b" then "c*" repeated', (chars) => repeat('a**b', chars / 2) + repeat('c*', chars / 2)],
  ['"[a](<" repeated', (chars) => repeat('[a](<', chars)],
  ['"[a](b" repeated', (chars) => repeat('[a](b', chars)],
  ['"[ (](" repeated', (chars) => repeat('[ (](', chars)],
  ['"*a_ " repeated', (chars) => repeat('*a_ ', chars)],
  ['"[ a_" repeated', (chars) => repeat('[ a_', chars)],
  ['"<!--" unclosed, repeated', (chars) => `</${repeat('<!--', chars)}`],
  ['"<hr " unclosed, repeated', (chars) => repeat('<hr ', chars)],
  ['"<a " repeated', (chars) => repeat('<a ', chars)],
  ['"www." repeated', (chars) => repeat('www.', chars)],
  ['"a@a." repeated', (chars) => repeat('a@a.', chars)],
  ['"http://a" repeated', (chars) => repeat('http://a', chars)],
  ['"&#" repeated', (chars) => repeat('&#', chars)],
  ['a wide table', (chars) => `${repeat('|a', chars / 3)}\n${repeat('|-', chars / 3)}\n${repeat('|b', chars / 3)}`],
];

/** Milliseconds for one call: the fastest of several samples, each long enough to time. */
function cost(render: (markdown: string) => string, markdown: string): number {
  let best = Infinity;
  const started = performance.now();
  for (let sample = 0; sample < 5; sample += 1) {
    let calls = 0;
    const from = performance.now();
    do {
      render(markdown);
      calls += 1;
    } while (performance.now() - from < 10);
    best = Math.min(best, (performance.now() - from) / calls);
    // A render that takes seconds has shown what it is; more samples would only slow the run.
    if (performance.now() - started > 2_000) break;
  }
  return best;
}

/** How much longer 4n takes than n; the lowest of a few tries, so one noisy moment cannot fail it. */
function growth(render: (markdown: string) => string, build: (chars: number) => string): number {
  const small = build(N);
  const large = build(4 * N);
  expect(large.length / small.length).toBeGreaterThan(3.5);
  expect(large.length / small.length).toBeLessThan(4.5);
  render(small);
  render(large);
  let ratio = Infinity;
  for (let attempt = 0; attempt < 5 && ratio >= MAX_RATIO; attempt += 1) ratio = Math.min(ratio, cost(render, large) / cost(render, small));
  return ratio;
}

describe.each([
  ['HTML', renderHtml],
  ['plain text', renderText],
])('%s rendering grows linearly', (_label, render) => {
  test.each(INPUTS)('%s', (_name, build) => {
    expect(growth(render, build)).toBeLessThan(MAX_RATIO);
  });
});

describe('deep nesting', () => {
  test.each([
    ['">" in the longest post', '>'.repeat(19_990)],
    ['"> " in the longest post', `${'> '.repeat(9_995)}a`],
    ['"- " in the longest post', `${'- '.repeat(9_995)}a`],
    ['"[" in the longest post', '['.repeat(19_990)],
    ['"*" and "_" in the longest post', '*_'.repeat(9_995)],
  ])('%s renders without overflowing the stack', (_name, markdown) => {
    expect(() => renderHtml(markdown)).not.toThrow();
    expect(() => renderText(markdown)).not.toThrow();
  });

  test('quotes nested as deep as the bound keep their text', () => {
    const depth = MAX_NESTING / 2 - 1;
    expect(renderHtml(`${'> '.repeat(depth)}deep`)).toContain('deep');
    expect(renderText(`${'> '.repeat(depth)}deep`)).toBe('deep');
  });
});
