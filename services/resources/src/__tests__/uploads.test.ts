import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { memberViewer } from '@praxis/platform';
import { SWEEP_UPLOADS_JOB } from '../library';
import type { LocalDiskStorage } from '../library/storage';
import { tinyPdf } from '../seed/pdf';
import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { resources } from '../testing';

const MAX_BYTES = 64 * 1024;
/** A 1×1 transparent PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** The start of a Linux executable and of a Windows one: what a disguised program looks like. */
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(2048, 0x90)]);
const WINDOWS_EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58, 0), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64, 0), Buffer.from('PE\0\0'), Buffer.alloc(2048, 0)]);

let stack: SubgraphTest<typeof resources, [typeof membership]>;
let community: Awaited<ReturnType<SubgraphTest<typeof resources, [typeof membership]>['factories']['people']['community']>>;
let member: { id: string };

beforeAll(async () => {
  stack = await startSubgraphTest(resources, { with: [membership], env: { RESOURCES_MAX_UPLOAD_BYTES: String(MAX_BYTES) } });
  community = await stack.factories.people.community({ visibility: 'MEMBERS_ONLY' });
  member = await stack.factories.people.memberOf(community);
});
afterAll(() => stack?.stop());

const storageDir = () => (stack.running.domain.storage as LocalDiskStorage).directory;

/** Every file under the storage directory, partial uploads included. */
async function filesOnDisk(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory()) await walk(join(dir, entry.name));
      else found.push(join(dir, entry.name));
    }
  };
  await walk(storageDir());
  return found;
}

async function issueUpload(fileName: string, byteSize?: number) {
  const result = await stack.run(
    'mutation ($input: CreateResourceUploadInput!) { createResourceUpload(input: $input) { upload { id uploadUrl method maxBytes expiresAt } } }',
    { input: { communityId: community.id, fileName, byteSize } },
    memberViewer(member.id),
  );
  expect(result.errors).toBeUndefined();
  return (result.data as { createResourceUpload: { upload: { id: string; uploadUrl: string; method: string; maxBytes: number } } }).createResourceUpload.upload;
}

/** PUTs bytes as a browser or curl would: no Authorization header, just the signed URL. */
async function put(url: string, body: Buffer | Readable, headers: Record<string, string> = {}) {
  const response = await request(url, { method: 'PUT', body, headers: { 'content-type': 'application/octet-stream', ...headers } });
  const text = await response.body.text();
  return { status: response.statusCode, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

const fieldOf = (body: Record<string, unknown> | null) => (body?.errors as { extensions: { code: string; field?: string } }[] | undefined)?.[0]?.extensions;

test('a real PDF goes up through a signed URL, and comes down through a plain link that counts the download', async () => {
  const bytes = tinyPdf('Survey results - overview');
  const upload = await issueUpload('survey-results.pdf', bytes.length);
  expect(upload).toMatchObject({ method: 'PUT', maxBytes: MAX_BYTES });
  expect(await put(upload.uploadUrl, bytes)).toEqual({ status: 201, body: { id: upload.id, fileName: 'survey-results.pdf', contentType: 'application/pdf', byteSize: bytes.length } });
  const resource = await stack.factories.domain.contributions.create(stack.factories.as(member), {
    communityId: community.id,
    title: 'Survey results – overview',
    kind: 'DOCUMENT',
    audience: 'EVERYONE',
    uploadId: upload.id,
  });

  const signed = await stack.run('mutation ($id: ID!) { requestResourceDownload(input: { resourceId: $id }) { url expiresAt } }', { id: resource.id }, memberViewer(member.id));
  const { url } = (signed.data as { requestResourceDownload: { url: string } }).requestResourceDownload;
  const download = await request(url);
  expect(download.statusCode).toBe(200);
  expect(download.headers).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff', 'content-disposition': expect.stringContaining('attachment; filename="survey-results.pdf"') });
  expect(Buffer.from(await download.body.arrayBuffer()).equals(bytes)).toBe(true);

  const after = await stack.run('query ($id: ID!) { resource(id: $id) { downloadCount file { fileName contentType byteSize } } }', { id: resource.id }, memberViewer(member.id));
  expect(after.data).toEqual({ resource: { downloadCount: 1, file: { fileName: 'survey-results.pdf', contentType: 'application/pdf', byteSize: bytes.length } } });
  await stack.running.runtime.relay.drain();
  const { rows } = await stack.running.runtime.eventlog.query(`SELECT payload FROM eventlog.events WHERE type = 'resources.ResourceDownloaded' AND payload->>'resourceId' = $1`, [resource.id]);
  expect(rows.map((row) => row.payload)).toEqual([expect.objectContaining({ memberId: member.id, communityId: community.id, networkId: community.networkId })]);
});

test('a tampered or expired link is refused', async () => {
  const upload = await issueUpload('notes.pdf');
  const tampered = upload.uploadUrl.replace(/signature=[^&]+/, 'signature=forged');
  expect((await put(tampered, tinyPdf('x'))).status).toBe(403);
  const expires = Math.floor(Date.now() / 1000) - 1;
  const signature = stack.running.domain.signer.sign({ purpose: 'upload', fileId: upload.id, expires, memberId: '' });
  const expired = new URL(upload.uploadUrl);
  expired.search = new URLSearchParams({ expires: String(expires), signature }).toString();
  expect((await put(expired.toString(), tinyPdf('x'))).status).toBe(403);
  const download = await request(`${stack.running.url}/library/files/${upload.id}/notes.pdf?expires=9999999999&signature=forged`);
  expect(download.statusCode).toBe(403);
  await download.body.dump();
});

test('a browser on the front-end origin may PUT across origins; others may not', async () => {
  const upload = await issueUpload('from-browser.pdf');
  const preflight = (origin: string) => request(upload.uploadUrl, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT' } });
  const allowed = await preflight('http://localhost:3000');
  expect(allowed.statusCode).toBe(204);
  expect(allowed.headers).toMatchObject({ 'access-control-allow-origin': 'http://localhost:3000', 'access-control-allow-methods': 'PUT' });
  await allowed.body.dump();
  const refused = await preflight('https://evil.example.org');
  expect(refused.statusCode).toBe(403);
  expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  await refused.body.dump();
  expect((await put(upload.uploadUrl, tinyPdf('cors'), { origin: 'http://localhost:3000' })).status).toBe(201);
});

test('an image is accepted for what its bytes say it is', async () => {
  const upload = await issueUpload('photo.png');
  expect(await put(upload.uploadUrl, PNG)).toMatchObject({ status: 201, body: { contentType: 'image/png' } });
  expect((await put(upload.uploadUrl, PNG)).status).toBe(409);
});

describe('bad files get BAD_USER_INPUT on the file, and leave nothing on disk', () => {
  test.each([
    ['a Linux executable called report.pdf', ELF, 'report.pdf', 400],
    ['a Windows executable called report.pdf', WINDOWS_EXE, 'report.pdf', 400],
    ['plain text called report.pdf', Buffer.from('just some text, not a PDF at all'), 'report.pdf', 400],
    ['a PNG called report.pdf', PNG, 'report.pdf', 400],
    ['a file over the size limit', Buffer.concat([tinyPdf('big'), Buffer.alloc(MAX_BYTES, 0x20)]), 'big.pdf', 413],
  ] as const)('%s', async (_name, bytes, fileName, status) => {
    const before = await filesOnDisk();
    const upload = await issueUpload(fileName);
    const answer = await put(upload.uploadUrl, bytes);
    expect(answer.status).toBe(status);
    expect(fieldOf(answer.body)).toEqual({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(await filesOnDisk()).toEqual(before);
    const attach = await stack.run(
      'mutation ($input: CreateResourceInput!) { createResource(input: $input) { resource { id } } }',
      { input: { communityId: community.id, title: 'Disguised', kind: 'DOCUMENT', audience: 'STAFF', uploadId: upload.id } },
      memberViewer(member.id),
    );
    expect(attach.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.uploadId' });
  });

  test('a file over the limit is stopped while it streams, without a declared length', async () => {
    const before = await filesOnDisk();
    const upload = await issueUpload('stream.pdf');
    let sent = 0;
    // Chunked transfer: the size is only known by counting, and the service stops early.
    const endless = new Readable({
      read() {
        sent += 16 * 1024;
        this.push(sent > MAX_BYTES * 200 ? null : Buffer.alloc(16 * 1024, 0x25));
      },
    });
    const answer = await put(upload.uploadUrl, endless);
    expect(answer.status).toBe(413);
    expect(fieldOf(answer.body)).toEqual({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(sent).toBeLessThan(MAX_BYTES * 200);
    expect(await filesOnDisk()).toEqual(before);
    // The upload is free again, for a file that fits.
    expect((await stack.running.domain.read.files([upload.id]))[0]!.status).toBe('PENDING');
  });

  describe('an upload holds the size it was declared with', () => {
    const sizeOf = async (id: string) => (await stack.running.domain.read.files([id]))[0]!;

    test.each([
      ['a larger body, with its true length', 413, 'larger', (pdf: Buffer) => Buffer.concat([pdf, Buffer.alloc(5 * 1024, 0x20)]), false],
      ['a larger body, streamed without a length', 413, 'larger', (pdf: Buffer) => Buffer.concat([pdf, Buffer.alloc(5 * 1024, 0x20)]), true],
      ['a shorter body, with its true length', 400, 'smaller', (pdf: Buffer) => pdf.subarray(0, pdf.length - 10), false],
      ['a shorter body, streamed without a length', 400, 'smaller', (pdf: Buffer) => pdf.subarray(0, pdf.length - 10), true],
    ] as const)('%s is refused, nothing is stored and the upload stays open', async (_label, status, word, body, chunked) => {
      const before = await filesOnDisk();
      const pdf = tinyPdf('declared');
      const upload = await issueUpload('declared.pdf', pdf.length);
      const bytes = body(pdf);
      const answer = await put(upload.uploadUrl, chunked ? Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]) : bytes);
      expect(answer.status).toBe(status);
      expect(fieldOf(answer.body)).toEqual({ code: 'BAD_USER_INPUT', field: 'file' });
      expect((answer.body?.errors as { message: string }[])[0]!.message).toContain(`declared as ${pdf.length} bytes; the file sent is ${word}`);
      expect(await filesOnDisk()).toEqual(before);
      expect(await sizeOf(upload.id)).toMatchObject({ status: 'PENDING', sha256: null, storedAt: null });
      // The same link then takes the file it was declared for.
      expect(await put(upload.uploadUrl, pdf)).toMatchObject({ status: 201, body: { byteSize: pdf.length } });
    });

    test('a body far over the declared size is stopped while it streams', async () => {
      const upload = await issueUpload('small.pdf', 100);
      let sent = 0;
      const endless = new Readable({
        read() {
          sent += 16 * 1024;
          this.push(sent > MAX_BYTES * 200 ? null : Buffer.alloc(16 * 1024, 0x25));
        },
      });
      const answer = await put(upload.uploadUrl, endless);
      expect(answer.status).toBe(413);
      expect((answer.body?.errors as { message: string }[])[0]!.message).toContain('declared as 100 bytes');
      expect(sent).toBeLessThan(MAX_BYTES * 200);
      expect((await sizeOf(upload.id)).status).toBe('PENDING');
    });
  });

  test('a declared size or a name that cannot be accepted is refused before any byte is sent', async () => {
    const input = (fileName: string, byteSize: number) => ({ input: { communityId: community.id, fileName, byteSize } });
    const query = 'mutation ($input: CreateResourceUploadInput!) { createResourceUpload(input: $input) { upload { id } } }';
    expect((await stack.run(query, input('big.pdf', MAX_BYTES + 1), memberViewer(member.id))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.byteSize' });
    expect((await stack.run(query, input('setup.exe', 10), memberViewer(member.id))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.fileName' });
    expect((await stack.run(query, input('../../etc/passwd.pdf', 10), memberViewer(member.id))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.fileName' });
  });
});

test('a failed resource keeps its upload for a retry; the file goes when the resource is deleted', async () => {
  const { factories } = stack;
  const uploadId = await factories.upload(community, member);
  const create = (input: Record<string, unknown>) =>
    stack.run('mutation ($input: CreateResourceInput!) { createResource(input: $input) { resource { id } } }', { input: { communityId: community.id, kind: 'DOCUMENT', audience: 'STAFF', uploadId, ...input } }, memberViewer(member.id));
  const failed = await create({ title: '   ' });
  expect(failed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
  const unknownTopic = await create({ title: 'Report', topicIds: ['00000000-0000-4000-8000-000000000000'] });
  expect(unknownTopic.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.topicIds.0' });
  const created = await create({ title: 'Report' });
  expect(created.errors).toBeUndefined();
  const resourceId = (created.data as { createResource: { resource: { id: string } } }).createResource.resource.id;
  const [file] = await factories.domain.read.files([uploadId]);
  expect(await factories.domain.storage.exists(file!.storageKey)).toBe(true);
  await factories.domain.contributions.delete(factories.as(member), { resourceId });
  await waitFor(async () => !(await factories.domain.storage.exists(file!.storageKey)));
});

test('uploads never attached are swept once they expire', async () => {
  const { factories } = stack;
  const uploadId = await factories.upload(community, member);
  const [file] = await factories.domain.read.files([uploadId]);
  expect(await factories.domain.storage.exists(file!.storageKey)).toBe(true);
  // Time passes: the upload's attachment window closes.
  await stack.running.runtime.db.query(`UPDATE resource_files SET expires_at = now() - interval '1 minute' WHERE id = $1`, [uploadId]);
  await stack.running.runtime.jobs.send(SWEEP_UPLOADS_JOB, {});
  await waitFor(async () => !(await factories.domain.storage.exists(file!.storageKey)));
  expect((await factories.domain.read.files([uploadId]))[0]!.status).toBe('DELETED');
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
