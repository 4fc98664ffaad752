import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '@praxis/platform';
import type { ResourcesConfig } from './config';
import type * as S3 from './s3-storage';

/**
 * Where documents live: local disk by default, or an S3-compatible bucket (S3Storage) so that
 * replicas share them. `put` must leave nothing behind when its source fails, and `delete` must
 * be idempotent, because the library retries deletions from a job.
 */
export interface FileStorage {
  /** Writes the whole stream under `key`; on any failure of the stream nothing is left. */
  put(key: string, body: Readable): Promise<void>;
  /** Opens a stored object; rejects when there is none. */
  get(key: string): Promise<{ stream: Readable; byteSize: number }>;
  /** Removes an object; succeeds when there is nothing to remove. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

const KEY = /^[a-z0-9][a-z0-9-]{7,99}$/;

/** Keys come from the library's own ids; anything else would be a path or prefix escaping its place. */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`unsafe storage key ${key}`);
}

/**
 * Files under one directory, sharded by the first characters of the key so no directory grows
 * huge. Writes go to a temporary name first and are renamed into place only when complete, so
 * a half-written file is never visible under its key and a failed write is removed.
 */
export class LocalDiskStorage implements FileStorage {
  private readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  get directory(): string {
    return this.root;
  }

  async put(key: string, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    const partial = join(this.root, '.partial', `${key}.${randomUUID()}`);
    await mkdir(dirname(partial), { recursive: true });
    await mkdir(dirname(target), { recursive: true });
    try {
      await pipeline(body, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<{ stream: Readable; byteSize: number }> {
    const path = this.pathOf(key);
    const info = await stat(path);
    return { stream: createReadStream(path), byteSize: info.size };
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await stat(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }

  private pathOf(key: string): string {
    assertStorageKey(key);
    return join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }
}

/**
 * The storage the settings name: local disk by default, or an S3-compatible bucket. The AWS SDK
 * (about 1 MB of code) is required only for a bucket, so a process on local disk never loads it.
 * `onStop` receives what closes the bucket's connections.
 */
export function openStorage(files: ResourcesConfig['files'], logger: Logger, onStop: (close: () => void) => void): FileStorage {
  if (files.storage.driver !== 's3') return new LocalDiskStorage(files.dataDir);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for the s3 driver
  const { S3Storage } = require('./s3-storage') as typeof S3;
  const bucket = new S3Storage(files.storage, { maxBytes: files.maxBytes, logger });
  onStop(() => bucket.close());
  return bucket;
}
