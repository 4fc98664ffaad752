import DataLoader from 'dataloader';
import type { PageRequest } from './keyset';

export interface PagesLoaderOptions<K extends { page: PageRequest }, P> {
  /** Which parent a key asks about; with the page and `variant`, its cache key. */
  parentOf: (key: K) => string;
  /** Anything else besides the page that must be the same for keys to share a statement. */
  variant?: (key: K) => string;
  /** One page per key, in the keys' order; the keys share their page and variant. */
  fetch: (keys: K[], page: PageRequest) => Promise<P[]>;
}

/**
 * Nested keyset pages of many parents (a member's registrations, a resource's revisions): keys
 * asking for the same page are answered together by one fetch, usually one lateral-join
 * statement, so a list of 100 parents with their pages costs what a list of 10 does.
 * Groups run one after another, so a request's statements stay in a predictable order.
 */
export function pagesLoader<K extends { page: PageRequest }, P>(options: PagesLoaderOptions<K, P>): DataLoader<K, P, string> {
  const variant = options.variant ?? (() => '');
  const groupOf = (key: K) => JSON.stringify([variant(key), key.page]);
  const cacheKey = (key: K) => JSON.stringify([options.parentOf(key), variant(key), key.page]);
  return new DataLoader<K, P, string>(
    async (keys) => {
      const groups = new Map<string, K[]>();
      for (const key of keys) {
        const group = groupOf(key);
        groups.set(group, [...(groups.get(group) ?? []), key]);
      }
      const results = new Map<K, P>();
      for (const group of groups.values()) {
        const pages = await options.fetch(group, group[0]!.page);
        group.forEach((key, index) => results.set(key, pages[index]!));
      }
      return keys.map((key) => results.get(key)!);
    },
    { cacheKeyFn: cacheKey },
  );
}
