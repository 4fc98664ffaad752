// posting.ts still imports returning() from here; it now lives in platform (db/rows.ts).
export { returning } from '@praxis/platform';
