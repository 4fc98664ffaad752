import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { memberViewer } from '@praxis/platform';
import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import type { RunningResources } from '../index';
import { resources, tinyPdf } from '../testing';
import { startS3Server, type TestS3Server } from '../testing/s3-server';

const MAX_BYTES = 64 * 1024;
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(2048, 0x90)]);

let s3: TestS3Server;
/** Each replica has a data directory of its own, so only the bucket can carry a file between them. */
const dataDirs: string[] = [];
let stack: SubgraphTest<typeof resources, [typeof membership]>;
let replica: RunningResources;
let community: Awaited<ReturnType<SubgraphTest<typeof resources, [typeof membership]>['factories']['people']['community']>>;
let member: { id: string };

async function replicaEnv(): Promise<Record<string, string>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'praxis-replica-files-'));
  dataDirs.push(dataDir);
  return { ...s3.env, RESOURCES_DATA_DIR: dataDir, RESOURCES_MAX_UPLOAD_BYTES: String(MAX_BYTES) };
}

beforeAll(async () => {
  s3 = await startS3Server();
  stack = await startSubgraphTest(resources, { with: [membership], env: await replicaEnv() });
  // A second replica of the service, on the same database and bucket; its jobs run in the first.
  const config = await resources.testConfig({ env: { ...(await replicaEnv()), MEMBERSHIP_INTERNAL_URL: stack.membership.url, RESOURCES_WORKERS: 'false' } });
  replica = await resources.service.start(config);
  community = await stack.factories.people.community({ visibility: 'MEMBERS_ONLY' });
  member = await stack.factories.people.memberOf(community);
});
afterAll(async () => {
  await replica?.stop();
  await stack?.stop();
  await s3?.stop();
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

/** Every file either replica wrote to its local disk. */
async function localFiles(): Promise<string[]> {
  const found = await Promise.all(dataDirs.map((dir) => readdir(dir, { recursive: true }).catch(() => [])));
  return found.flat();
}

async function issueUpload(through: (query: string, variables: Record<string, unknown>) => Promise<{ data?: unknown; errors?: unknown }>, fileName: string) {
  const result = await through('mutation ($input: CreateResourceUploadInput!) { createResourceUpload(input: $input) { upload { id uploadUrl } } }', { input: { communityId: community.id, fileName } });
  expect(result.errors).toBeUndefined();
  return (result.data as { createResourceUpload: { upload: { id: string; uploadUrl: string } } }).createResourceUpload.upload;
}
const onFirst = (query: string, variables: Record<string, unknown>) => stack.run(query, variables, memberViewer(member.id));
const onReplica = (query: string, variables: Record<string, unknown>) => replica.server.execute(query, variables, memberViewer(member.id));

async function put(url: string, body: Buffer | Readable) {
  const response = await request(url, { method: 'PUT', body, headers: { 'content-type': 'application/octet-stream' } });
  const text = await response.body.text();
  return { status: response.statusCode, body: text ? (JSON.parse(text) as { errors?: { extensions: Record<string, unknown> }[] }) : null };
}

async function attach(uploadId: string): Promise<string> {
  const created = await onFirst('mutation ($input: CreateResourceInput!) { createResource(input: $input) { resource { id } } }', {
    input: { communityId: community.id, title: 'Field notes', kind: 'DOCUMENT', audience: 'EVERYONE', uploadId },
  });
  expect(created.errors).toBeUndefined();
  return (created.data as { createResource: { resource: { id: string } } }).createResource.resource.id;
}

async function download(through: typeof onFirst, resourceId: string) {
  const signed = await through('mutation ($id: ID!) { requestResourceDownload(input: { resourceId: $id }) { url } }', { id: resourceId });
  expect(signed.errors).toBeUndefined();
  const { url } = (signed.data as { requestResourceDownload: { url: string } }).requestResourceDownload;
  const response = await request(url);
  return { url, status: response.statusCode, headers: response.headers, bytes: Buffer.from(await response.body.arrayBuffer()) };
}

describe('with RESOURCES_STORAGE=s3, the signed routes stream to and from the bucket', () => {
  test('a document goes up through its signed upload link and comes down through its signed download link', async () => {
    const bytes = tinyPdf('Kept in the bucket');
    const upload = await issueUpload(onFirst, 'kept.pdf');
    expect(await put(upload.uploadUrl, Readable.from([bytes.subarray(0, 50), bytes.subarray(50)]))).toMatchObject({ status: 201, body: { contentType: 'application/pdf', byteSize: bytes.length } });
    expect(await s3.keys()).toContain(upload.id);
    expect(await localFiles()).toEqual([]);
    const got = await download(onFirst, await attach(upload.id));
    expect(got).toMatchObject({ status: 200, headers: { 'content-type': 'application/pdf', 'content-length': String(bytes.length) } });
    expect(got.bytes.equals(bytes)).toBe(true);
  });

  test.each([
    ['with its length', (bytes: Buffer) => bytes],
    ['streamed without a length', (bytes: Buffer) => Readable.from([bytes.subarray(0, 1024), bytes.subarray(1024)])],
  ])('a file over the size limit is refused %s, and nothing reaches the bucket', async (_label, body) => {
    const before = await s3.keys();
    const upload = await issueUpload(onFirst, 'too-big.pdf');
    const answer = await put(upload.uploadUrl, body(Buffer.concat([tinyPdf('big'), Buffer.alloc(MAX_BYTES, 0x20)])));
    expect(answer.status).toBe(413);
    expect(answer.body?.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(await s3.keys()).toEqual(before);
    // The same link then takes a file that fits, into the bucket.
    expect((await put(upload.uploadUrl, tinyPdf('fits'))).status).toBe(201);
    expect(await s3.keys()).toEqual([...before, upload.id].sort());
    expect(await localFiles()).toEqual([]);
  });

  test('a program called report.pdf is refused, and removed from the bucket', async () => {
    const before = await s3.keys();
    const upload = await issueUpload(onFirst, 'report.pdf');
    const answer = await put(upload.uploadUrl, ELF);
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(await s3.keys()).toEqual(before);
    expect((await put(upload.uploadUrl, tinyPdf('the real report'))).status).toBe(201);
    expect(await s3.keys()).toEqual([...before, upload.id].sort());
    expect(await localFiles()).toEqual([]);
  });
});

describe('two replicas sharing the bucket', () => {
  test('a file uploaded through one downloads through the other, and back', async () => {
    const first = tinyPdf('Uploaded through the first replica');
    const upload = await issueUpload(onFirst, 'first.pdf');
    expect(new URL(upload.uploadUrl).origin).toBe(new URL(stack.running.url).origin);
    expect((await put(upload.uploadUrl, first)).status).toBe(201);
    const got = await download(onReplica, await attach(upload.id));
    expect(new URL(got.url).origin).toBe(new URL(replica.url).origin);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(first)).toBe(true);

    const second = tinyPdf('Uploaded through the second replica');
    const other = await issueUpload(onReplica, 'second.pdf');
    expect(new URL(other.uploadUrl).origin).toBe(new URL(replica.url).origin);
    expect((await put(other.uploadUrl, second)).status).toBe(201);
    const back = await download(onFirst, await attach(other.id));
    expect(back.status).toBe(200);
    expect(back.bytes.equals(second)).toBe(true);
    expect(await localFiles()).toEqual([]);
  });
});
