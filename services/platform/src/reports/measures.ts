import { z } from 'zod';
import { staffRefusal, type Access } from '../access/access';
import { errors } from '../errors/domain-error';
import { PARTICIPANT_TYPES } from '../eventlog/contracts';
import { suppress } from './suppression';

export const REPORT_DIMENSIONS = ['PARTICIPANT_TYPE', 'PROFESSION', 'REGION'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];
export const NOT_STATED = 'NOT_STATED';

/** A report period as the gateway passes it between subgraphs (the `ReportBucket` key). */
export interface ReportBucketKey {
  scope: 'COMMUNITY' | 'NETWORK';
  scopeId: string;
  start: string | Date;
  end: string | Date;
  threshold: number;
  /** The breakdowns asked for, comma-separated, e.g. "PARTICIPANT_TYPE,REGION". */
  breakdowns: string;
}

const keySchema = z.object({
  scope: z.enum(['COMMUNITY', 'NETWORK']),
  scopeId: z.uuid(),
  start: z.coerce.date(),
  end: z.coerce.date(),
  threshold: z.number().int().min(1).max(1000),
  breakdowns: z.string(),
});

export interface ParsedBucket {
  scope: 'COMMUNITY' | 'NETWORK';
  scopeId: string;
  start: Date;
  end: Date;
  threshold: number;
  dimensions: ReportDimension[];
  /** Buckets of one report share this, so they can be counted together. */
  reportKey: string;
}

export function parseDimensions(value: string): ReportDimension[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .filter((item): item is ReportDimension => (REPORT_DIMENSIONS as readonly string[]).includes(item));
}

/** Parses a bucket reference; anything malformed is refused rather than counted. */
export function parseBucketKey(key: ReportBucketKey): ParsedBucket {
  const parsed = keySchema.safeParse(key);
  if (!parsed.success || parsed.data.end <= parsed.data.start) throw errors.badInput('representations', 'Not a report period.');
  const dimensions = parseDimensions(parsed.data.breakdowns);
  return {
    ...parsed.data,
    dimensions,
    reportKey: [parsed.data.scope, parsed.data.scopeId, parsed.data.threshold, dimensions.join(',')].join('|'),
  };
}

/**
 * Groups report periods for counting together: one group per report, split further so no two
 * periods in a group overlap. Rows are matched to periods by their start, and statements may find
 * a row's period by searching the sorted starts, so a month and a quarter of one scope asked for
 * in one request (the quarter overlapping the months) must be counted apart.
 */
export function countingGroups(buckets: ParsedBucket[]): ParsedBucket[][] {
  const groups: ParsedBucket[][] = [];
  const byReport = new Map<string, ParsedBucket[][]>();
  for (const bucket of buckets) {
    const candidates = byReport.get(bucket.reportKey) ?? [];
    let home = candidates.find((group) => !group.some((other) => other.start < bucket.end && bucket.start < other.end));
    if (!home) {
      home = [];
      candidates.push(home);
      groups.push(home);
      byReport.set(bucket.reportKey, candidates);
    }
    home.push(bucket);
  }
  return groups;
}

/**
 * Who may read a report: coordinators for their communities, network analysts and admins for
 * every community and the network. Checked live in every subgraph from the key's scope.
 */
export async function authorizeReport(access: Access, scope: 'COMMUNITY' | 'NETWORK', scopeId: string): Promise<void> {
  access.requireMember();
  if (access.viewer.source === 'api_token' && !access.viewer.scopes.includes('reports')) {
    throw errors.forbidden('This API token lacks the "reports" scope.', 'INSUFFICIENT_SCOPE');
  }
  if (scope === 'COMMUNITY') {
    const rights = await access.community(scopeId);
    if (!rights) throw errors.notFound('Community');
    if (!rights.canReadReports) throw staffRefusal(rights, 'Only coordinators of this community and network analysts and admins can read its reports.');
    return;
  }
  const rights = await access.network(scopeId);
  if (!rights) throw errors.notFound('Network');
  if (!rights.canReadReports) throw staffRefusal(rights, 'Only network analysts and admins can read network reports.');
}

const COLUMN: Record<ReportDimension, string> = { PARTICIPANT_TYPE: 'participant_type', PROFESSION: 'profession_key', REGION: 'region_key' };

/**
 * The GROUP BY and labelling columns for counting per bucket with breakdowns in one statement:
 * one grouping set for the totals and one per breakdown asked for. `source` is the alias of a
 * row set that has the columns from `attributesAt`, and `bucket` the alias of the buckets.
 * A breakdown row whose key is NULL is the cell of those whose attribute is not stated.
 */
export function breakdownGrouping(dimensions: ReportDimension[], source = 'a', bucket = 'b'): { columns: string; groupBy: string } {
  const cases = dimensions.map((dimension) => `WHEN grouping(${source}.${COLUMN[dimension]}) = 0 THEN '${dimension}'`).join(' ');
  // Keys are grouped in their own types (uuid for terms) and become text only here, per output row.
  const keys = dimensions.map((dimension) => `WHEN grouping(${source}.${COLUMN[dimension]}) = 0 THEN ${source}.${COLUMN[dimension]}::text`).join(' ');
  return {
    columns: dimensions.length
      ? `CASE ${cases} ELSE 'TOTAL' END AS dimension, CASE ${keys} ELSE NULL END AS cell_key`
      : `'TOTAL' AS dimension, NULL::text AS cell_key`,
    groupBy: `GROUPING SETS ((${bucket}.start)${dimensions.map((dimension) => `, (${bucket}.start, ${source}.${COLUMN[dimension]})`).join('')})`,
  };
}

/**
 * Additive measures (counts, sums) per bucket, for the total and each breakdown asked for, in two
 * steps: the rows are first aggregated per bucket and combination of attributes, one hash probe
 * each, and only those groups are rolled up into the grouping sets. Probing one hash table per
 * grouping set for every activity row cost a third more. `source` is a FROM clause whose rows
 * carry `start` and the attribute columns `columns` names (as `attributesAt` does);
 * `measures` are aggregates over those rows, by output name. Gives a CTE named `rolled` and the
 * SELECT over it that yields GroupedRows.
 */
export function rollUpBreakdowns(
  dimensions: ReportDimension[],
  source: string,
  columns: string,
  measures: Record<string, string>,
): { cte: string; select: string } {
  const grouping = breakdownGrouping(dimensions, 'rolled', 'rolled');
  const names = Object.keys(measures);
  return {
    cte: `rolled AS (SELECT start, ${columns}, ${names.map((name) => `${measures[name]} AS ${name}`).join(', ')} FROM ${source} GROUP BY 1, 2, 3, 4)`,
    select: `SELECT rolled.start, ${grouping.columns}, ${names.map((name) => `sum(rolled.${name}) AS ${name}`).join(', ')} FROM rolled GROUP BY ${grouping.groupBy}`,
  };
}

export interface GroupedRow {
  start: Date;
  dimension: 'TOTAL' | ReportDimension;
  cell_key: string | null;
  [measure: string]: unknown;
}

export interface CellValue {
  key: string;
  term: { id: string } | null;
  value: number | null;
  suppressed: boolean;
}

export interface CountValue {
  total: number;
  byParticipantType: CellValue[];
  byProfession: CellValue[];
  byRegion: CellValue[];
}

const FIELD: Record<ReportDimension, 'byParticipantType' | 'byProfession' | 'byRegion'> = {
  PARTICIPANT_TYPE: 'byParticipantType',
  PROFESSION: 'byProfession',
  REGION: 'byRegion',
};

function cellsFor(rows: GroupedRow[], dimension: ReportDimension, measure: string): { key: string; value: number }[] {
  const found = new Map(rows.filter((row) => row.dimension === dimension).map((row) => [row.cell_key ?? NOT_STATED, Number(row[measure] ?? 0)]));
  if (dimension === 'PARTICIPANT_TYPE') {
    // Every type is listed, so a zero is visible as a zero rather than as a missing row.
    const keys: string[] = [...PARTICIPANT_TYPES, ...(found.has(NOT_STATED) ? [NOT_STATED] : [])];
    return keys.map((key) => ({ key, value: found.get(key) ?? 0 }));
  }
  return [...found.entries()].map(([key, value]) => ({ key, value })).sort((a, b) => b.value - a.value || a.key.localeCompare(b.key));
}

function termOf(dimension: ReportDimension, key: string): { id: string } | null {
  return dimension !== 'PARTICIPANT_TYPE' && key !== NOT_STATED ? { id: key } : null;
}

// A statement's rows by their period's start, indexed once however many measures read them.
const rowsByStart = new WeakMap<GroupedRow[], Map<number, GroupedRow[]>>();

function rowsOf(rows: GroupedRow[], bucket: ParsedBucket): GroupedRow[] {
  let index = rowsByStart.get(rows);
  if (!index) {
    index = new Map();
    for (const row of rows) {
      const start = new Date(row.start).getTime();
      const own = index.get(start);
      if (own) own.push(row);
      else index.set(start, [row]);
    }
    rowsByStart.set(rows, index);
  }
  return index.get(bucket.start.getTime()) ?? [];
}

/** A bucket's total row of a statement's grouped rows, for measures read off it directly. */
export function totalRowOf(rows: GroupedRow[], bucket: ParsedBucket): GroupedRow | undefined {
  return rowsOf(rows, bucket).find((row) => row.dimension === 'TOTAL');
}

/** Turns grouped rows into one suppressed count per bucket, in bucket order. */
export function assembleCounts(rows: GroupedRow[], buckets: ParsedBucket[], measure: string): CountValue[] {
  return buckets.map((bucket) => {
    const own = rowsOf(rows, bucket);
    const value: CountValue = { total: Number(totalRowOf(rows, bucket)?.[measure] ?? 0), byParticipantType: [], byProfession: [], byRegion: [] };
    for (const dimension of bucket.dimensions) {
      value[FIELD[dimension]] = suppress(cellsFor(own, dimension, measure), bucket.threshold).map((cell) => ({ ...cell, term: termOf(dimension, cell.key) }));
    }
    return value;
  });
}

export interface AmountValue {
  total: number;
  byParticipantType: CellValue[];
  byProfession: CellValue[];
  byRegion: CellValue[];
}

/** Like assembleCounts for an amount, hiding each cell where the people counted in `people` are hidden. */
export function assembleAmounts(rows: GroupedRow[], buckets: ParsedBucket[], amount: string, people: string): AmountValue[] {
  const counts = assembleCounts(rows, buckets, people);
  return buckets.map((bucket, index) => {
    const own = rowsOf(rows, bucket);
    const value: AmountValue = { total: Number(totalRowOf(rows, bucket)?.[amount] ?? 0), byParticipantType: [], byProfession: [], byRegion: [] };
    for (const dimension of bucket.dimensions) {
      const amounts = new Map(cellsFor(own, dimension, amount).map((cell) => [cell.key, cell.value]));
      value[FIELD[dimension]] = counts[index]![FIELD[dimension]].map((cell) => ({
        key: cell.key,
        term: cell.term,
        value: cell.suppressed ? null : (amounts.get(cell.key) ?? 0),
        suppressed: cell.suppressed,
      }));
    }
    return value;
  });
}
