import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { z } from 'zod';
import { errors, parseInput, returning, type Access } from '@praxis/platform';
import type { ResourceEntity, ResourceFileEntity } from '../entities';
import type { Deps } from './deps';
import { ACCEPTED_EXTENSIONS, extensionOf, judgeContent } from './file-types';
import type { ReadModel } from './read-model';
import { fileNameSchema, targetIdSchema } from './validation';
import { requireVisible } from './visibility';

const uploadInput = z.object({
  communityId: targetIdSchema.nullish(),
  networkId: targetIdSchema.nullish(),
  fileName: fileNameSchema,
  byteSize: z.number().int().min(0).nullish(),
});

export interface IssuedUpload {
  id: string;
  uploadUrl: string;
  method: 'PUT';
  maxBytes: number;
  expiresAt: Date;
}

/** Why an upload was refused, in the shape the upload route answers with. */
export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: 'BAD_USER_INPUT' | 'CONFLICT' | 'NOT_FOUND' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
  }
}

class TooLarge extends Error {}
class Incomplete extends Error {}
/** The body is not the size the upload was declared with. */
class WrongSize extends Error {
  constructor(
    readonly declared: number,
    readonly larger: boolean,
  ) {
    super('wrong size');
  }
}

/**
 * Documents: signed upload links, receiving and checking the bytes, signed download links.
 * Every way an upload can fail removes what it wrote; a crash mid-way is cleaned up by the
 * sweep, which knows every upload's storage key from its row.
 */
export class Files {
  constructor(
    private readonly deps: Deps,
    private readonly read: ReadModel,
  ) {}

  async createUpload(access: Access, raw: unknown): Promise<IssuedUpload> {
    const memberId = access.requireMember();
    const input = parseInput(uploadInput, raw);
    const { maxBytes, uploadTtlSeconds, unattachedHours } = this.deps.config.files;
    if (!ACCEPTED_EXTENSIONS.has(extensionOf(input.fileName))) {
      throw errors.badInput('input.fileName', 'Upload a PDF, an Office or OpenDocument file (docx, xlsx, pptx, odt, ods, odp), or an image (png, jpg, gif, webp).');
    }
    if (input.byteSize != null && input.byteSize > maxBytes) throw errors.badInput('input.byteSize', `Files can be at most ${formatBytes(maxBytes)}.`);
    let scope: { networkId: string; communityId: string | null };
    if (input.communityId) {
      const rights = await access.requireParticipate(input.communityId);
      scope = { networkId: rights.networkId, communityId: input.communityId };
    } else if (input.networkId) {
      await access.requireNetworkAdmin(input.networkId);
      scope = { networkId: input.networkId, communityId: null };
    } else {
      throw errors.badInput('input.communityId', 'Choose a community, or a network to share the document with network-wide.');
    }
    const [file] = await this.deps.runtime.transaction((manager) =>
      returning<{ id: string }>(
        manager,
        // A declared size is kept (as the pending file's size) and held when the bytes arrive.
        `INSERT INTO resource_files (id, uploader_id, network_id, community_id, file_name, storage_key, status, expires_at, byte_size)
         SELECT g.id, $1, $2, $3, $4, g.id::text, 'PENDING', $7::timestamptz + make_interval(hours => $5), $6::bigint FROM (SELECT gen_random_uuid() AS id) g
         RETURNING id`,
        [memberId, scope.networkId, scope.communityId, input.fileName, unattachedHours, input.byteSize ?? null, this.deps.runtime.clock.now()],
      ),
    );
    const expires = Math.floor(this.deps.runtime.clock.now().getTime() / 1000) + uploadTtlSeconds;
    const signature = this.deps.signer.sign({ purpose: 'upload', fileId: file!.id, expires, memberId: '' });
    const url = new URL(`/library/uploads/${file!.id}`, this.deps.publicUrl());
    url.search = new URLSearchParams({ expires: String(expires), signature }).toString();
    return { id: file!.id, uploadUrl: url.toString(), method: 'PUT', maxBytes, expiresAt: new Date(expires * 1000) };
  }

  /**
   * Receives an upload's bytes. The upload is claimed first, so two requests cannot write the
   * same file; the size is enforced while streaming (the declared size when there is one, or
   * else the limit), the type decided from the stored bytes.
   */
  async receive(fileId: string, body: Readable, declaredLength: number | null): Promise<ResourceFileEntity> {
    const { maxBytes } = this.deps.config.files;
    const claimed = await returning<{ storage_key: string; file_name: string; byte_size: string | null }>(
      this.deps.runtime.db,
      `UPDATE resource_files SET status = 'RECEIVING' WHERE id = $1 AND status = 'PENDING' AND expires_at > $2 RETURNING storage_key, file_name, byte_size`,
      [fileId, this.deps.runtime.clock.now()],
    );
    if (!claimed[0]) {
      const [existing] = await this.read.files([fileId]);
      if (!existing || existing.status === 'DELETED') throw new UploadRefused(404, 'NOT_FOUND', 'No such upload.');
      if (existing.status === 'PENDING') throw new UploadRefused(409, 'CONFLICT', 'This upload has expired. Ask for a new one.');
      if (existing.status === 'RECEIVING') throw new UploadRefused(409, 'CONFLICT', 'This upload is receiving its file from another request.');
      throw new UploadRefused(409, 'CONFLICT', 'This upload has received its file already.');
    }
    const { storage_key: key, file_name: fileName } = claimed[0];
    const declared = claimed[0].byte_size === null ? null : Number(claimed[0].byte_size);
    let stored = false;
    let recorded = false;
    try {
      if (declaredLength !== null && declaredLength > maxBytes) throw new TooLarge();
      if (declared !== null && declaredLength !== null && declaredLength !== declared) throw new WrongSize(declared, declaredLength > declared);
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (size > maxBytes) return callback(new TooLarge());
          if (declared !== null && size > declared) return callback(new WrongSize(declared, true));
          hash.update(chunk);
          callback(null, chunk);
        },
      });
      // A request body does not forward its errors through pipe(), and a client that goes away
      // may only close it: either way the meter fails, so storage removes the partial file.
      body.once('error', (error) => meter.destroy(error));
      body.once('close', () => {
        if (!body.readableEnded) meter.destroy(new Incomplete());
      });
      // Storage may do other work before it reads, and a body over its size fails the meter at
      // once: the first failure is kept here (an error nobody listens to would end the process).
      let failure: unknown = null;
      meter.on('error', (error) => {
        failure ??= error;
      });
      await this.deps.storage.put(key, body.pipe(meter)).catch((error: unknown) => {
        throw failure ?? error;
      });
      stored = true;
      if (declaredLength !== null && size !== declaredLength) throw new Incomplete();
      if (declared !== null && size !== declared) throw new WrongSize(declared, false);
      const { stream } = await this.deps.storage.get(key);
      const verdict = await judgeContent(stream, fileName);
      if (!verdict.ok) throw new UploadRefused(400, 'BAD_USER_INPUT', verdict.message);
      const [file] = await returning<ResourceFileEntity>(
        this.deps.runtime.db,
        `UPDATE resource_files SET status = 'STORED', byte_size = $2, content_type = $3, sha256 = $4, stored_at = now()
         WHERE id = $1 AND status = 'RECEIVING' RETURNING id`,
        [fileId, size, verdict.contentType, hash.digest('hex')],
      );
      if (!file) throw new UploadRefused(409, 'CONFLICT', 'This upload expired while it was received.');
      recorded = true;
      return (await this.read.files([fileId]))[0]!;
    } catch (error) {
      if (error instanceof TooLarge) throw new UploadRefused(413, 'BAD_USER_INPUT', `Files can be at most ${formatBytes(maxBytes)}.`);
      if (error instanceof WrongSize) {
        const expected = `This upload was declared as ${error.declared} bytes`;
        if (error.larger) throw new UploadRefused(413, 'BAD_USER_INPUT', `${expected}; the file sent is larger. Ask for a new upload with the right size.`);
        throw new UploadRefused(400, 'BAD_USER_INPUT', `${expected}; the file sent is smaller. Send the whole file, or ask for a new upload with the right size.`);
      }
      if (error instanceof Incomplete || (error as { code?: string }).code === 'ECONNRESET') {
        throw new UploadRefused(400, 'BAD_USER_INPUT', 'The upload ended before the whole file arrived.');
      }
      throw error;
    } finally {
      if (!recorded) {
        if (stored) await this.deps.storage.delete(key);
        // Back to PENDING, so the client can send a corrected file to the same link.
        await this.deps.runtime.db.query(`UPDATE resource_files SET status = 'PENDING' WHERE id = $1 AND status = 'RECEIVING'`, [fileId]);
      }
    }
  }

  /**
   * Signs a download link for whoever may read the resource now: for a members-only
   * community, only its members. The link itself needs no header; it expires soon.
   */
  async signDownload(access: Access, raw: { resourceId: unknown }): Promise<{ url: string; expiresAt: Date }> {
    const { resourceId } = parseInput(z.object({ resourceId: targetIdSchema }), raw);
    const { resource } = await requireVisible(this.read, access, resourceId);
    if (!resource.fileId) throw errors.conflict('INVALID_STATE', 'This resource is a link, not a document: open its url.');
    const [file] = await this.read.files([resource.fileId]);
    const expires = Math.floor(this.deps.runtime.clock.now().getTime() / 1000) + this.deps.config.files.downloadTtlSeconds;
    const memberId = access.viewer.memberId ?? '';
    const signature = this.deps.signer.sign({ purpose: 'download', fileId: resource.fileId, expires, memberId });
    const url = new URL(`/library/files/${resource.fileId}/${encodeURIComponent(file!.fileName)}`, this.deps.publicUrl());
    url.search = new URLSearchParams({ expires: String(expires), ...(memberId ? { member: memberId } : {}), signature }).toString();
    return { url: url.toString(), expiresAt: new Date(expires * 1000) };
  }

  /** The attached file and its live resource, for the download route; null when gone. */
  async downloadable(fileId: string): Promise<{ file: ResourceFileEntity; resource: ResourceEntity } | null> {
    const rows: ResourceEntity[] = await this.deps.runtime.db.query(
      `SELECT ${this.read.resourceSelect()} FROM resources r JOIN resource_files f ON f.id = r.file_id
       WHERE r.file_id = $1 AND f.status = 'ATTACHED' AND r.deleted_at IS NULL`,
      [fileId],
    );
    if (!rows[0]) return null;
    const [file] = await this.read.files([fileId]);
    return { file: file!, resource: rows[0] };
  }

  /** Deletes the bytes of uploads never attached to a resource, once they expire. */
  async sweep(limit = 500): Promise<number> {
    const rows = await returning<{ id: string; storage_key: string }>(
      this.deps.runtime.db,
      `SELECT id, storage_key FROM resource_files WHERE status IN ('PENDING', 'RECEIVING', 'STORED') AND expires_at < $2 ORDER BY expires_at LIMIT $1`,
      [limit, this.deps.runtime.clock.now()],
    );
    for (const row of rows) {
      await this.deps.storage.delete(row.storage_key);
      await this.deps.runtime.db.query(`UPDATE resource_files SET status = 'DELETED' WHERE id = $1 AND status IN ('PENDING', 'RECEIVING', 'STORED')`, [row.id]);
    }
    return rows.length;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
