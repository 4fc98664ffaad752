import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** What an entry costs beyond its characters: the key, the list node and the map slot. */
const ENTRY_OVERHEAD_BYTES = 200;

/**
 * Rendered text by a hash of its source, bounded by the bytes it holds rather than by a count of
 * entries, because one entry can be 60 bytes or 100 KB. Keys are hashes so that a 20,000-character
 * post is not held a second time as its own key.
 */
export class RenderCache {
  private readonly lru: LRUCache<string, string>;

  constructor(readonly maxBytes: number) {
    // JavaScript strings take two bytes a character.
    this.lru = new LRUCache({ maxSize: maxBytes, sizeCalculation: (value, key) => (value.length + key.length) * 2 + ENTRY_OVERHEAD_BYTES });
  }

  /** The cached rendering of `source` as `kind`, rendering it on a miss. */
  through(kind: string, source: string, render: (source: string) => string): string {
    const key = `${kind}:${createHash('sha256').update(source).digest('base64url')}`;
    const hit = this.lru.get(key);
    if (hit !== undefined) return hit;
    const rendered = render(source);
    this.lru.set(key, rendered);
    return rendered;
  }

  /** Bytes held, as counted against `maxBytes`. */
  get bytes(): number {
    return this.lru.calculatedSize;
  }
}
