import type { DataSource } from 'typeorm';
import { NOT_STATED, PARTICIPANT_TYPES, selectColumns, type ReportDimension } from '@praxis/platform';
import { TermEntity } from '../entities';

/** One label of `ParticipationReport.terms`: what a breakdown cell's key means. */
export interface ReportTermRecord {
  breakdown: ReportDimension;
  key: string;
  label: string;
  term: TermEntity | null;
}

/** What `terms` needs of a report: its network, its breakdowns and the instants it covers. */
export interface ReportTermScope {
  networkId: string;
  breakdowns: ReportDimension[];
  start: Date;
  end: Date;
}

const NOT_STATED_LABEL = 'Not stated';

/** CONSUMER_REPRESENTATIVE → "Consumer representative". */
function participantTypeLabel(type: string): string {
  const words = type.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Labels for every key a report's cells can carry, in one statement. Every subgraph attributes
 * its activity rows through the same pieces of members' attributes in the report's network
 * (`attributesAt`), and only at instants inside the report's range, so the terms of the pieces
 * overlapping the range are all the profession and region keys any measure can show, whichever
 * subgraph counts it. Membership cannot see the other subgraphs' cells, so a term held by
 * someone who did nothing counted may be listed too.
 */
export async function reportTerms(db: DataSource, scope: ReportTermScope): Promise<ReportTermRecord[]> {
  const kinds = scope.breakdowns.filter((dimension) => dimension !== 'PARTICIPANT_TYPE');
  const terms: TermEntity[] = kinds.length
    ? await db.query(
        `WITH used AS (
           SELECT DISTINCT unnest(ARRAY[p.profession_term_id, p.region_term_id]) AS id FROM report_member_pieces p
           WHERE p.network_id = $1 AND p.valid_from <= $3 AND p.valid_to >= $2)
         SELECT ${selectColumns(db, TermEntity, 't')} FROM vocabulary_terms t JOIN used ON used.id = t.id
         WHERE t.network_id = $1 AND t.kind = ANY($4::text[])
         ORDER BY t.position, lower(t.label), t.id`,
        [scope.networkId, scope.start, scope.end, kinds],
      )
    : [];
  const notStated = (breakdown: ReportDimension): ReportTermRecord => ({ breakdown, key: NOT_STATED, label: NOT_STATED_LABEL, term: null });
  return [...new Set(scope.breakdowns)].flatMap((breakdown) =>
    breakdown === 'PARTICIPANT_TYPE'
      ? [...PARTICIPANT_TYPES.map((type) => ({ breakdown, key: type, label: participantTypeLabel(type), term: null })), notStated(breakdown)]
      : [...terms.filter((term) => term.kind === breakdown).map((term) => ({ breakdown, key: term.id, label: term.label, term })), notStated(breakdown)],
  );
}
