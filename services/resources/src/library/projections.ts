import { attributesAt, defineConsumer, eventsContracts, membershipContracts, on, returning, type ConsumerDefinition, type JobQueue } from '@praxis/platform';
import { DELETE_FILE_JOB } from './writes';

/**
 * What the library learns from other services' events. Each consumer is idempotent (upserts,
 * "where not already"), because delivery is at least once, and none of them is ever asked a
 * permission question: those go to membership, live.
 */
export function libraryConsumers(jobs: JobQueue): ConsumerDefinition[] {
  return [
    // Topics are validated against this copy of the network's TOPIC vocabulary.
    defineConsumer('resources.topics', on(membershipContracts.TermChanged, async ({ payload: term }, manager) => {
      if (term.kind !== 'TOPIC') return;
      await manager.query(
        `INSERT INTO topic_terms (id, network_id, label, position, archived, updated_at) VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, position = EXCLUDED.position, archived = EXCLUDED.archived, updated_at = now()`,
        [term.termId, term.networkId, term.label, term.position, term.archived],
      );
    })),
    // Counters are cut by day in the network's own time zone, as reports bucket them.
    defineConsumer('resources.networks', on(membershipContracts.NetworkChanged, async ({ payload: network }, manager) => {
      await manager.query(
        `INSERT INTO network_zones (network_id, time_zone, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (network_id) DO UPDATE SET time_zone = EXCLUDED.time_zone, updated_at = now()`,
        [network.networkId, network.timeZone],
      );
    })),
    // Linking a resource to an event is authorised against the event's community, learnt here.
    defineConsumer('resources.events', on(eventsContracts.EventChanged, async ({ payload: change }, manager) => {
      await manager.query(
        `INSERT INTO event_refs (event_id, network_id, community_id, deleted, starts_at, updated_at) VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (event_id) DO UPDATE SET network_id = EXCLUDED.network_id, community_id = EXCLUDED.community_id,
           deleted = EXCLUDED.deleted, starts_at = EXCLUDED.starts_at, updated_at = now()`,
        [change.eventId, change.networkId, change.communityId, change.change === 'DELETED', change.startsAt],
      );
      // An event that moved communities keeps only resources it may still hold.
      await manager.query(
        `DELETE FROM resource_event_links l USING resources r
         WHERE r.id = l.resource_id AND l.event_id = $1 AND r.community_id IS DISTINCT FROM $2 AND r.community_id IS NOT NULL`,
        [change.eventId, change.communityId],
      );
    })),
    /**
     * A deleted account: contributions stay and their contributor resolves to "Former
     * member" through membership; what is personal goes (bookmarks, unfinished uploads), and
     * helpful marks lose their owner but keep counting, so every total stays right. A mark
     * keeps the attributes its owner had when marking, so reports of past periods break down
     * as before (docs/adr/0005).
     */
    defineConsumer('resources.erasure', on(membershipContracts.AccountDeleted, async ({ payload: { memberId } }, manager) => {
      await manager.query('DELETE FROM resource_bookmarks WHERE member_id = $1', [memberId]);
      const attributes = attributesAt('m.member_id', 'm.network_id', 'm.marked_at');
      await manager.query(
        `UPDATE resource_helpful_marks h
         SET member_id = NULL, former_participant_type = x.participant_type, former_profession_term_id = x.profession_key, former_region_term_id = x.region_key
         FROM (SELECT m.id, ${attributes.columns} FROM resource_helpful_marks m ${attributes.joins} WHERE m.member_id = $1) x
         WHERE h.id = x.id`,
        [memberId],
      );
      const uploads = await returning<{ storage_key: string }>(
        manager,
        `UPDATE resource_files SET status = 'DELETED' WHERE uploader_id = $1 AND status IN ('PENDING', 'RECEIVING', 'STORED') RETURNING storage_key`,
        [memberId],
      );
      if (uploads.length > 0) await jobs.sendMany(DELETE_FILE_JOB, uploads.map((upload) => ({ data: { key: upload.storage_key } })), manager);
    })),
  ];
}
