import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** s3rver's fixed credentials: it checks request signatures against them. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** The RESOURCES_* settings that point the service at this bucket. */
  env: Record<string, string>;
  /** Every key in the bucket, so a test can see what was left behind. */
  keys(): Promise<string[]>;
  /** The next `count` object writes answer 503 SlowDown, as a busy S3 does. */
  failNextPuts(count: number): void;
  stop(): Promise<void>;
}

/**
 * An S3-compatible server in this process, on a free port, keeping its objects in a temporary
 * directory of its own, with one bucket, reached path-style as MinIO, Garage and Ceph are.
 */
export async function startS3Server(bucket = 'praxis-documents'): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'praxis-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  let failing = 0;
  server.middleware.unshift(async (context, next) => {
    if (context.method !== 'PUT' || failing === 0) return next();
    failing -= 1;
    context.status = 503;
    context.type = 'application/xml';
    context.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS });
  return {
    endpoint,
    bucket,
    env: {
      RESOURCES_STORAGE: 's3',
      RESOURCES_S3_BUCKET: bucket,
      RESOURCES_S3_REGION: 'us-east-1',
      RESOURCES_S3_ENDPOINT: endpoint,
      RESOURCES_S3_FORCE_PATH_STYLE: 'true',
      RESOURCES_S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      RESOURCES_S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    },
    async keys() {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (listed.Contents ?? []).map((object) => object.Key!).sort();
    },
    failNextPuts(count) {
      failing = count;
    },
    async stop() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
