import { RenderCache } from '../text/render-cache';

function counting(render: (source: string) => string) {
  const calls: string[] = [];
  return {
    calls,
    render: (source: string) => {
      calls.push(source);
      return render(source);
    },
  };
}

test('renders a source once, then answers from the cache', () => {
  const cache = new RenderCache(1024 * 1024);
  const upper = counting((source) => source.toUpperCase());
  expect(cache.through('html', 'one', upper.render)).toBe('ONE');
  expect(cache.through('html', 'one', upper.render)).toBe('ONE');
  expect(cache.through('html', 'two', upper.render)).toBe('TWO');
  expect(upper.calls).toEqual(['one', 'two']);
});

test('keeps each kind of rendering of the same source apart', () => {
  const cache = new RenderCache(1024 * 1024);
  expect(cache.through('html', 'same', () => '<p>same</p>')).toBe('<p>same</p>');
  expect(cache.through('text', 'same', () => 'same')).toBe('same');
  expect(cache.through('html', 'same', () => 'not called')).toBe('<p>same</p>');
});

test('holds no more than its bytes, however many or large the entries', () => {
  const cache = new RenderCache(256 * 1024);
  for (let i = 0; i < 500; i += 1) cache.through('html', `post ${i}`, () => 'x'.repeat(1_000 + i * 10));
  expect(cache.bytes).toBeGreaterThan(0);
  expect(cache.bytes).toBeLessThanOrEqual(256 * 1024);

  const huge = counting(() => 'y'.repeat(200 * 1024));
  expect(cache.through('html', 'huge', huge.render)).toHaveLength(200 * 1024);
  cache.through('html', 'huge', huge.render);
  expect(huge.calls).toHaveLength(2);
  expect(cache.bytes).toBeLessThanOrEqual(256 * 1024);
});

test('evicts the least recently used first', () => {
  const cache = new RenderCache(20 * 1024);
  const render = counting((source) => source.repeat(1_000));
  cache.through('html', 'a', render.render);
  for (let i = 0; i < 50; i += 1) {
    cache.through('html', 'a', render.render);
    cache.through('html', `f${String(i).padStart(2, '0')}`, render.render);
  }
  expect(render.calls.filter((source) => source === 'a')).toHaveLength(1);
  expect(render.calls).toHaveLength(51);
});
