import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { ConfigError } from '@praxis/platform';
import { service } from '../index';
import { S3Storage } from '../library/s3-storage';
import { startS3Server, type TestS3Server } from '../testing/s3-server';

const MAX_BYTES = 256 * 1024;

let s3: TestS3Server;
let spool: string;
let storage: S3Storage;

beforeAll(async () => {
  s3 = await startS3Server();
  spool = await mkdtemp(join(tmpdir(), 'praxis-s3-spool-'));
  const { storage: settings } = service.configFrom({ ...s3.env, RESOURCES_S3_PREFIX: 'tenant-a/docs' }).files;
  if (settings.driver !== 's3') throw new Error('RESOURCES_STORAGE=s3 did not choose the bucket');
  storage = new S3Storage(settings, { maxBytes: MAX_BYTES, spoolDirectory: spool, retryBaseMs: 1, logger: { warn: () => undefined, error: () => undefined } });
});
afterAll(async () => {
  storage?.close();
  await s3?.stop();
  await rm(spool, { recursive: true, force: true });
});

const newKey = () => randomUUID();
const read = async (stream: Readable) => Buffer.concat(await stream.toArray());

describe('S3Storage keeps the FileStorage contract', () => {
  test('put then get returns the same bytes and their length, under the prefix', async () => {
    const key = newKey();
    // Several chunks and a length known only at the end, as a streamed upload arrives.
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100 * 1024, 0x41), Buffer.from([0, 1, 2, 255])]);
    await storage.put(key, Readable.from([bytes.subarray(0, 7), bytes.subarray(7, 60_000), bytes.subarray(60_000)]));
    expect(await s3.keys()).toContain(`tenant-a/docs/${key}`);
    const object = await storage.get(key);
    expect(object.byteSize).toBe(bytes.length);
    // Without checksums sent only when required, the bucket would hold aws-chunked framing.
    expect((await read(object.stream)).equals(bytes)).toBe(true);
    expect(await storage.exists(key)).toBe(true);
  });

  test('an empty object round-trips', async () => {
    const key = newKey();
    await storage.put(key, Readable.from([]));
    const object = await storage.get(key);
    expect(object.byteSize).toBe(0);
    expect((await read(object.stream)).length).toBe(0);
  });

  test('delete removes the object, and succeeds again when there is nothing to remove', async () => {
    const key = newKey();
    await storage.put(key, Readable.from([Buffer.from('to be deleted')]));
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    await expect(storage.delete(key)).resolves.toBeUndefined();
    await expect(storage.delete(newKey())).resolves.toBeUndefined();
  });

  test('exists is false and get rejects for a key never stored', async () => {
    const key = newKey();
    expect(await storage.exists(key)).toBe(false);
    await expect(storage.get(key)).rejects.toThrow();
  });

  test('a source that fails part-way leaves no object and no spooled file', async () => {
    const key = newKey();
    const before = await s3.keys();
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(8 * 1024, 0x42));
        this.destroy(new Error('the client went away'));
      },
    });
    await expect(storage.put(key, failing)).rejects.toThrow('the client went away');
    expect(await storage.exists(key)).toBe(false);
    expect(await s3.keys()).toEqual(before);
    expect(await readdir(spool)).toEqual([]);
  });

  test('a source over the upload limit is refused before anything reaches the bucket', async () => {
    const key = newKey();
    let sent = 0;
    const endless = new Readable({
      read() {
        sent += 16 * 1024;
        this.push(sent > MAX_BYTES * 100 ? null : Buffer.alloc(16 * 1024, 0x43));
      },
    });
    await expect(storage.put(key, endless)).rejects.toThrow(`an upload over ${MAX_BYTES} bytes`);
    expect(sent).toBeLessThan(MAX_BYTES * 100);
    expect(await storage.exists(key)).toBe(false);
    expect(await readdir(spool)).toEqual([]);
  });

  test('a busy bucket is sent the spooled bytes again; a bucket that stays busy fails the put', async () => {
    const key = newKey();
    const bytes = Buffer.alloc(20 * 1024, 0x44);
    s3.failNextPuts(2);
    await storage.put(key, Readable.from([bytes]));
    expect((await read((await storage.get(key)).stream)).equals(bytes)).toBe(true);

    const busy = newKey();
    s3.failNextPuts(3);
    await expect(storage.put(busy, Readable.from([bytes]))).rejects.toMatchObject({ name: 'SlowDown' });
    s3.failNextPuts(0);
    expect(await storage.exists(busy)).toBe(false);
    expect(await readdir(spool)).toEqual([]);
  });

  test('keys that are not the library\'s own are refused', async () => {
    await expect(storage.put('../escape', Readable.from([Buffer.from('x')]))).rejects.toThrow('unsafe storage key');
    await expect(storage.exists('a/../../b')).rejects.toThrow('unsafe storage key');
  });
});

describe('storage settings', () => {
  const internal = { INTERNAL_AUTH_SECRET: 'a-private-internal-secret-of-32-characters-or-more' };

  test('local disk stays the default', () => {
    expect(service.configFrom({}).files.storage).toEqual({ driver: 'local' });
  });

  test('RESOURCES_STORAGE=s3 reads the bucket, its endpoint, path style, credentials and prefix', () => {
    expect(service.configFrom({ ...s3.env, RESOURCES_S3_PREFIX: 'praxis/' }).files.storage).toEqual({
      driver: 's3',
      bucket: s3.bucket,
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      prefix: 'praxis/',
    });
    // AWS itself: no endpoint, virtual-hosted style, the default credential chain.
    expect(service.configFrom({ ...internal, NODE_ENV: 'production', RESOURCES_URL_SIGNING_SECRET: 'a-private-url-signing-secret-of-32-characters', RESOURCES_STORAGE: 's3', RESOURCES_S3_BUCKET: 'docs', RESOURCES_S3_REGION: 'eu-west-3' }).files.storage).toEqual({
      driver: 's3',
      bucket: 'docs',
      region: 'eu-west-3',
      endpoint: null,
      forcePathStyle: false,
      credentials: null,
      prefix: '',
    });
  });

  test.each([
    ['no bucket', { RESOURCES_S3_REGION: 'us-east-1' }, /RESOURCES_S3_BUCKET: is required when RESOURCES_STORAGE=s3/],
    ['no region', { RESOURCES_S3_BUCKET: 'docs' }, /RESOURCES_S3_REGION: is required when RESOURCES_STORAGE=s3/],
    ['a key id without its secret', { RESOURCES_S3_BUCKET: 'docs', RESOURCES_S3_REGION: 'us-east-1', RESOURCES_S3_ACCESS_KEY_ID: 'key' }, /RESOURCES_S3_SECRET_ACCESS_KEY: is required with RESOURCES_S3_ACCESS_KEY_ID/],
    ['an endpoint that is not a URL', { RESOURCES_S3_BUCKET: 'docs', RESOURCES_S3_REGION: 'us-east-1', RESOURCES_S3_ENDPOINT: 'minio:9000' }, /RESOURCES_S3_ENDPOINT/],
    ['a prefix with a leading slash', { RESOURCES_S3_BUCKET: 'docs', RESOURCES_S3_REGION: 'us-east-1', RESOURCES_S3_PREFIX: '/leading' }, /RESOURCES_S3_PREFIX/],
    ['an unknown driver', { RESOURCES_STORAGE: 'gcs' }, /RESOURCES_STORAGE/],
  ])('%s stops start-up, naming the setting', (_label, settings, message) => {
    const value = { RESOURCES_STORAGE: 's3', ...settings };
    expect(() => service.configFrom(value)).toThrow(ConfigError);
    expect(() => service.configFrom(value)).toThrow(message);
  });

  test('the bucket settings are not needed for local disk', () => {
    expect(service.configFrom({ RESOURCES_STORAGE: 'local', RESOURCES_S3_ACCESS_KEY_ID: 'only-one' }).files.storage).toEqual({ driver: 'local' });
  });
});
