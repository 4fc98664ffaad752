import { PgBoss } from 'pg-boss';
import { ident, withClient, type OpsTarget, type ServiceTarget } from './target';

export type RetryRequest = { id: string } | { failed: true; service?: string };

export interface Retried {
  service: string;
  queue: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** pg-boss on a service's queue schema, for its commands only: no workers, no maintenance. */
async function withBoss<T>(service: ServiceTarget, work: (boss: PgBoss) => Promise<T>): Promise<T> {
  const boss = new PgBoss({ connectionString: service.url, schema: service.jobSchema, application_name: 'praxis-ops', max: 2, supervise: false, schedule: false, createSchema: false, migrate: false });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    return await work(boss);
  } finally {
    await boss.stop({ graceful: false, timeout: 1000 });
  }
}

/**
 * Puts failed jobs back in their queue with pg-boss's retry (one more attempt each): one job by
 * id, or every failed job, of one service or all.
 */
export async function retry(target: OpsTarget, request: RetryRequest): Promise<Retried[]> {
  if ('id' in request) {
    if (!UUID.test(request.id)) throw new Error(`"${request.id}" is not a job id`);
    for (const service of target.services) {
      const found = await withClient(service.url, async (client) => {
        const table = await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [`${ident(service.jobSchema)}.job`]);
        if (!table.rows[0]?.found) return undefined;
        return (await client.query<{ name: string; state: string }>(`SELECT name, state::text AS state FROM ${ident(service.jobSchema)}.job WHERE id = $1`, [request.id])).rows[0];
      });
      if (!found) continue;
      if (found.state !== 'failed') throw new Error(`job ${request.id} (${service.name} ${found.name}) is ${found.state}; only failed jobs are retried`);
      await withBoss(service, (boss) => boss.retry(found.name, request.id));
      return [{ service: service.name, queue: found.name, id: request.id }];
    }
    throw new Error(`no job ${request.id} in any service's queues`);
  }
  const services = request.service ? target.services.filter((service) => service.name === request.service) : target.services;
  if (request.service && services.length === 0) throw new Error(`no service "${request.service}"; services: ${target.services.map((service) => service.name).join(', ')}`);
  const retried: Retried[] = [];
  for (const service of services) {
    const failed = await withClient(service.url, async (client) => {
      const table = await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [`${ident(service.jobSchema)}.job`]);
      if (!table.rows[0]?.found) return [];
      return (await client.query<{ id: string; name: string }>(`SELECT id, name FROM ${ident(service.jobSchema)}.job WHERE state = 'failed' ORDER BY name, id`)).rows;
    });
    if (failed.length === 0) continue;
    await withBoss(service, async (boss) => {
      for (const queue of new Set(failed.map((job) => job.name))) {
        const ids = failed.filter((job) => job.name === queue).map((job) => job.id);
        await boss.retry(queue, ids);
        retried.push(...ids.map((id) => ({ service: service.name, queue, id })));
      }
    });
  }
  return retried;
}
