// lru-cache 5 ships no types; this is the part of its API that render-cache.ts uses.
declare module 'lru-cache' {
  namespace LRUCache {
    interface Options<K, V> {
      /** The most the cache holds, in the units `length` counts. */
      max?: number;
      /** How much of `max` one entry takes; 1 per entry when absent. */
      length?: (value: V, key: K) => number;
    }
  }
  class LRUCache<K, V> {
    constructor(options?: LRUCache.Options<K, V>);
    get(key: K): V | undefined;
    /** False, and nothing stored, when the one entry is larger than `max`. */
    set(key: K, value: V): boolean;
    /** The sum of `length` over the entries held. */
    readonly length: number;
    readonly itemCount: number;
    reset(): void;
  }
  export = LRUCache;
}
