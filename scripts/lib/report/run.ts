import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { request } from 'undici';
import { reportHtml } from './html';
import { REPORT_QUERY, type ParticipationReport } from './query';
import { COLUMNS, reportRows } from './rows';

export interface ReportOptions {
  gatewayUrl: string;
  token: string;
  community?: string;
  network?: string;
  from: string;
  to: string;
  by: 'week' | 'month' | 'quarter';
  format: 'csv' | 'json' | 'html';
  breakdowns?: string[];
  out: string;
  /** Called with each step, for a progress display. */
  step?: (message: string) => void;
}

export class ReportError extends Error {}

async function graphql<T>(options: Pick<ReportOptions, 'gatewayUrl' | 'token'>, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await request(options.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.body.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
  if (body.errors?.length) {
    const [first] = body.errors;
    throw new ReportError(`${first!.extensions?.code ?? 'ERROR'}${first!.extensions?.field ? ` (${first!.extensions.field})` : ''}: ${first!.message}`);
  }
  return body.data as T;
}

/** Finds the community or network to report on from slugs, as analysts know them. */
async function scopeOf(options: ReportOptions): Promise<{ communityId?: string; networkId?: string; name: string }> {
  if (options.network && !options.community) {
    const data = await graphql<{ network: { id: string; name: string } | null }>(options, `query ($slug: String) { network(slug: $slug) { id name } }`, { slug: options.network });
    if (!data.network) throw new ReportError(`No network "${options.network}".`);
    return { networkId: data.network.id, name: data.network.name };
  }
  const [networkSlug, communitySlug] = options.community!.includes('/') ? options.community!.split('/', 2) : [options.network, options.community!];
  if (networkSlug) {
    const data = await graphql<{ community: { id: string; name: string } | null }>(options, `query ($n: String, $c: String) { community(networkSlug: $n, slug: $c) { id name } }`, { n: networkSlug, c: communitySlug });
    if (!data.community) throw new ReportError(`No community "${communitySlug}" in network "${networkSlug}".`);
    return { communityId: data.community.id, name: data.community.name };
  }
  // A bare slug: unique within its network, so look through the networks the token can see.
  const data = await graphql<{ networks: { nodes: { slug: string; communities: { nodes: { id: string; slug: string; name: string }[] } }[] } }>(
    options,
    `query ($slug: String) { networks(first: 100) { nodes { slug communities(first: 100, search: $slug, includeArchived: true) { nodes { id slug name } } } } }`,
    { slug: communitySlug },
  );
  const matches = data.networks.nodes.flatMap((network) => network.communities.nodes.filter((community) => community.slug === communitySlug).map((community) => ({ ...community, network: network.slug })));
  if (matches.length === 0) throw new ReportError(`No community "${communitySlug}".`);
  if (matches.length > 1) throw new ReportError(`"${communitySlug}" names communities in several networks: use ${matches.map((match) => `${match.network}/${match.slug}`).join(' or ')}.`);
  return { communityId: matches[0]!.id, name: matches[0]!.name };
}

/** Runs a participation report through the gateway and writes it as CSV, JSON or HTML. */
export async function runReport(options: ReportOptions): Promise<{ report: ParticipationReport; rows: number }> {
  const step = options.step ?? (() => undefined);
  step(`Finding ${options.community ? `community ${options.community}` : `network ${options.network}`}`);
  const scope = await scopeOf(options);
  step(`Running the ${options.by}ly report for ${scope.name}, ${options.from} to ${options.to}`);
  const data = await graphql<{ participationReport: ParticipationReport }>(options, REPORT_QUERY, {
    input: {
      communityId: scope.communityId,
      networkId: scope.networkId,
      from: options.from,
      to: options.to,
      granularity: options.by.toUpperCase(),
      breakdowns: options.breakdowns,
    },
  });
  const report = data.participationReport;
  step(`Writing ${options.format.toUpperCase()} to ${options.out}`);
  const rows = reportRows(report);
  const content =
    options.format === 'csv'
      ? stringify(rows, { header: true, columns: COLUMNS, cast: { boolean: (value) => String(value) } })
      : options.format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : reportHtml(report);
  await writeFile(options.out, content);
  return { report, rows: rows.length };
}
