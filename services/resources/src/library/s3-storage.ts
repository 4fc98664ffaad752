import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { Logger } from '@praxis/platform';
import { assertStorageKey, type FileStorage } from './storage';

/** An S3-compatible bucket, as env.ts reads it from the RESOURCES_S3_* settings. */
export interface S3Settings {
  bucket: string;
  region: string;
  /** For MinIO, Garage, Ceph and other S3-compatible servers; AWS's own endpoint otherwise. */
  endpoint: string | null;
  /** `http://endpoint/bucket/key` rather than `http://bucket.endpoint/key`: what most self-hosted servers expect. */
  forcePathStyle: boolean;
  /** Null: the SDK's default credential chain (environment, shared files, web identity, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  /** Put before every key, so one bucket can hold several deployments' documents. */
  prefix: string;
}

class SpoolTooLarge extends Error {}

const PUT_ATTEMPTS = 3;
const RETRY_BASE_MS = 100;
const NETWORK_FAILURES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/**
 * Documents in an S3-compatible bucket, so every replica of the service sees every file.
 * PutObject needs the length before the first byte; an upload's length is only known once it
 * has arrived, so `put` spools the stream to a temporary file first (bounded by the upload
 * limit) and sends it only when complete. A source that fails therefore never reaches the
 * bucket, and an object is never visible half-written: S3 writes are all-or-nothing.
 */
export class S3Storage implements FileStorage {
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(
    settings: S3Settings,
    private readonly options: { maxBytes: number; spoolDirectory?: string; logger?: Pick<Logger, 'warn' | 'error'>; retryBaseMs?: number },
  ) {
    const { logger } = options;
    this.bucket = settings.bucket;
    this.prefix = settings.prefix === '' || settings.prefix.endsWith('/') ? settings.prefix : `${settings.prefix}/`;
    this.client = new S3Client({
      region: settings.region,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      forcePathStyle: settings.forcePathStyle,
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
      // The SDK logs every call's input and output at info; only its warnings are worth keeping.
      ...(logger ? { logger: { debug: () => undefined, info: () => undefined, warn: (message: unknown) => logger.warn({ s3: message }, 'S3 client warning'), error: (message: unknown) => logger.error({ s3: message }, 'S3 client error') } } : {}),
      // Since 3.729 the SDK sends a CRC32 checksum with every upload, as an aws-chunked body with
      // a trailer, and checks checksums on downloads. S3-compatible servers that predate it
      // reject such bodies, or store the chunk framing as the document (s3rver does: the test
      // of the round trip catches it). Only send checksums where an operation demands one; the
      // upload route keeps its own sha256 of the bytes.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Readable): Promise<void> {
    const objectKey = this.objectKey(key);
    const directory = await mkdtemp(join(this.options.spoolDirectory ?? tmpdir(), 'praxis-upload-'));
    try {
      const spool = join(directory, 'body');
      let size = 0;
      const { maxBytes } = this.options;
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          callback(size > maxBytes ? new SpoolTooLarge(`an upload over ${maxBytes} bytes`) : null, chunk);
        },
      });
      await pipeline(body, limit, createWriteStream(spool, { flags: 'wx', mode: 0o600 }));
      const { size: length } = await stat(spool);
      // The SDK never retries a request whose body is a stream; the spooled file can be sent again.
      for (let attempt = 1; ; attempt += 1) {
        const file = createReadStream(spool);
        try {
          await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: objectKey, Body: file, ContentLength: length }));
          return;
        } catch (error) {
          if (attempt >= PUT_ATTEMPTS || !isTransient(error)) throw error;
          await sleep((this.options.retryBaseMs ?? RETRY_BASE_MS) * 2 ** attempt);
        } finally {
          file.destroy();
        }
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  async get(key: string): Promise<{ stream: Readable; byteSize: number }> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    // On Node the body is the response stream itself (an IncomingMessage).
    return { stream: object.Body as Readable, byteSize: object.ContentLength ?? 0 };
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    } catch (error) {
      // S3 answers 204 for a missing key; some compatible servers answer 404.
      if (!isNotFound(error)) throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  close(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    assertStorageKey(key);
    return `${this.prefix}${key}`;
  }
}

function isNotFound(error: unknown): boolean {
  // HEAD answers have no body, so a missing object is known only by its status.
  return error instanceof S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404);
}

/** Worth sending again: the server was busy or failed, or the connection broke. */
function isTransient(error: unknown): boolean {
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode ?? 0;
    return status >= 500 || status === 429 || error.name === 'SlowDown';
  }
  return NETWORK_FAILURES.has((error as { code?: string }).code ?? '');
}
