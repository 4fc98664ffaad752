import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { clockOf, errors, fetchKeysetPage, membershipContracts, publish, runInBackground, selectColumns, type Connection, type PageRequest, type ServiceRuntime, type SortKey, type Viewer } from '@praxis/platform';
import { AuditRecordEntity, type AuditAction } from '../entities';
import { AuditSpool, type SpooledRecord } from './audit-spool';
import { isUuid } from './validation';

/**
 * The audit of privileged reads, exports and changes of power (docs/adr/0010-audit-of-privileged-reads.md).
 * A change records inside its own transaction; a read records in a short transaction of its own
 * before its data is returned, and spools the record to disk when that is slow.
 */
export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  /** The network is taken from the community when only the community is given. */
  communityId?: string | null;
  networkId?: string | null;
  /** The member acted on (a role changed, a second factor reset), by id only. */
  subjectId?: string | null;
  /** Small, and ids only: never names, emails, answers or search text. */
  detail?: Record<string, unknown>;
  requestId?: string | null;
  address?: string | null;
}

/** Where a request came from, for its audit records. */
export interface AuditOrigin {
  requestId: string | null;
  address: string | null;
}

/** The gateway's request id and the client address it put in the signed viewer statement. */
export const originOf = (context: { requestId: string; viewer: Viewer }): AuditOrigin => ({ requestId: context.requestId, address: context.viewer.clientAddress ?? null });

export interface AuditLogFilter {
  action?: AuditAction | null;
  actorId?: string | null;
  communityId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

const NEWEST_FIRST: SortKey[] = [
  { sql: 'a.occurred_at', direction: 'DESC', type: 'timestamp' },
  { sql: 'a.id', direction: 'DESC', type: 'uuid' },
];

function recordOf(entry: AuditEntry, now: Date): SpooledRecord {
  return {
    id: randomUUID(),
    occurredAt: now.toISOString(),
    actorId: entry.actorId,
    action: entry.action,
    networkId: entry.networkId ?? null,
    communityId: entry.communityId ?? null,
    subjectId: entry.subjectId ?? null,
    detail: entry.detail ?? {},
    address: entry.address ?? null,
    requestId: entry.requestId ?? null,
  };
}

/**
 * Records an audited change in the change's own transaction, so the record commits or rolls back
 * with it. For code that holds only a manager (a role change, a token, a second-factor reset).
 */
export async function auditChange(manager: EntityManager, entry: AuditEntry): Promise<string> {
  const row = recordOf(entry, clockOf(manager).now());
  await insertRecord(manager, row);
  return row.id;
}

/** One statement for the row, one for its event; a record already there (a drained duplicate) publishes nothing. */
async function insertRecord(manager: EntityManager, row: SpooledRecord): Promise<void> {
  const inserted: { network_id: string | null }[] = await manager.query(
    `INSERT INTO audit_records (id, occurred_at, actor_id, action, network_id, community_id, subject_id, detail, address, request_id)
     VALUES ($1, $2, $3, $4, coalesce($5::uuid, (SELECT network_id FROM communities WHERE id = $6::uuid)), $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO NOTHING RETURNING network_id`,
    [row.id, row.occurredAt, row.actorId, row.action, row.networkId, row.communityId, row.subjectId, JSON.stringify(row.detail), row.address, row.requestId],
  );
  if (inserted.length === 0) return;
  await publish(
    manager,
    membershipContracts.AuditRecorded,
    {
      auditId: row.id,
      action: row.action as AuditAction,
      actorId: row.actorId,
      networkId: inserted[0]!.network_id,
      communityId: row.communityId,
      subjectId: row.subjectId,
      requestId: row.requestId,
      occurredAt: row.occurredAt,
    },
    { occurredAt: new Date(row.occurredAt) },
  );
}


/** Erasure keeps an erased actor's records (they name the tombstone) but not where they came from. */
export async function forgetAuditAddresses(manager: EntityManager, memberId: string): Promise<void> {
  await manager.query('UPDATE audit_records SET address = NULL WHERE actor_id = $1 AND address IS NOT NULL', [memberId]);
}

export class Audit {
  private readonly spool: AuditSpool;
  private retry: NodeJS.Timeout | null = null;
  private draining: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly options: { timeoutMs: number; spoolDir: string; retryMs?: number },
  ) {
    this.spool = new AuditSpool(options.spoolDir);
  }

  /**
   * Records one audited action. With the manager of a change's transaction the record commits or
   * rolls back with the change. With null (a read) it commits in its own short transaction, or,
   * if that takes longer than the timeout or fails, is spooled to disk first; only when neither
   * can be done does this throw, so the read fails rather than go unrecorded.
   */
  async record(manager: EntityManager | null, entry: AuditEntry): Promise<string> {
    if (manager) return auditChange(manager, entry);
    const row = recordOf(entry, this.runtime.clock.now());
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.options.timeoutMs);
    });
    const inserted = this.insertAlone(row).then(
      () => 'ok' as const,
      (error: unknown) => error,
    );
    const outcome = await Promise.race([inserted, late]);
    clearTimeout(timer);
    if (outcome === 'ok') return row.id;
    this.runtime.logger.warn({ err: outcome === 'late' ? undefined : outcome, auditId: row.id, action: row.action }, 'audit record spooled: the database did not take it in time');
    await this.spool.append(row);
    this.scheduleDrain();
    return row.id;
  }

  /** Moves spooled records into the table; each at most once, whoever drains. Returns how many it moved. */
  drainSpool(): Promise<number> {
    this.draining ??= runInBackground(async () => {
      let moved = 0;
      let failure: unknown = null;
      // One record the table refuses must not hold the others back; it stays on disk and is retried.
      for (const { file, record } of await this.spool.pending()) {
        try {
          await this.runtime.transaction((manager) => insertRecord(manager, record));
          await this.spool.remove(file);
          moved += 1;
        } catch (error) {
          failure ??= error;
        }
      }
      if (failure) throw failure;
      return moved;
    }).finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /** Drains what a previous process left, then keeps retrying while records wait. */
  start(): void {
    this.scheduleDrain(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
  }

  /** A network's audit log, newest first: its own records and unscoped ones (token, export) of its people. */
  async page(networkId: string, filter: AuditLogFilter, page: PageRequest): Promise<Connection<AuditRecordEntity>> {
    const params: unknown[] = [networkId];
    const add = (value: unknown, condition: (param: string) => string) => {
      params.push(value);
      return condition(`$${params.length}`);
    };
    const where = [
      `(a.network_id = $1 OR (a.network_id IS NULL AND (
         EXISTS (SELECT 1 FROM network_roles nr WHERE nr.network_id = $1 AND nr.member_id = a.actor_id)
         OR EXISTS (SELECT 1 FROM memberships ms JOIN communities c ON c.id = ms.community_id WHERE c.network_id = $1 AND ms.member_id = a.actor_id AND ms.status = 'ACTIVE'))))`,
    ];
    if (filter.action) where.push(add(filter.action, (p) => `a.action = ${p}`));
    if (filter.actorId != null) {
      if (!isUuid(filter.actorId)) throw errors.badInput('filter.actorId', 'This is not a member id.');
      where.push(add(filter.actorId, (p) => `a.actor_id = ${p}`));
    }
    if (filter.communityId != null) {
      if (!isUuid(filter.communityId)) throw errors.badInput('filter.communityId', 'This is not a community id.');
      where.push(add(filter.communityId, (p) => `a.community_id = ${p}`));
    }
    if (filter.from && filter.to && filter.from >= filter.to) throw errors.badInput('filter.to', 'End after the start.');
    if (filter.from) where.push(add(filter.from, (p) => `a.occurred_at >= ${p}`));
    if (filter.to) where.push(add(filter.to, (p) => `a.occurred_at < ${p}`));
    const db = this.runtime.db;
    return fetchKeysetPage<AuditRecordEntity>((sql, values) => db.query(sql, values), { select: selectColumns(db, AuditRecordEntity, 'a'), from: 'audit_records a', where, params, keys: NEWEST_FIRST }, page);
  }

  private insertAlone(row: SpooledRecord): Promise<void> {
    return this.runtime.transaction(async (manager) => {
      // The server gives up too, so a slow insert does not hold a connection the reads need.
      await manager.query(`SET LOCAL statement_timeout = ${Math.ceil(this.options.timeoutMs)}`);
      await insertRecord(manager, row);
    });
  }

  private scheduleDrain(delayMs = this.options.retryMs ?? 5000): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.drainUntilEmpty();
    }, delayMs);
    this.retry.unref();
  }

  private async drainUntilEmpty(): Promise<void> {
    try {
      await this.drainSpool();
      if ((await this.spool.pending()).length > 0) this.scheduleDrain();
    } catch (error) {
      this.runtime.logger.warn({ err: error }, 'audit spool not drained yet; retrying');
      this.scheduleDrain();
    }
  }
}
