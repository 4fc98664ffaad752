import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from '@praxis/platform';
import type { ResourcesDomain } from './library';
import { UploadRefused } from './library/files';
import { isUuid } from './library/validation';

type Query = Record<string, string | undefined>;

function refuse(reply: FastifyReply, status: number, code: string, message: string, field?: string) {
  // The client may still be sending a body we will not read; close rather than drain it.
  reply.header('connection', 'close');
  return reply.code(status).send({ errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] });
}

/** A Content-Disposition that survives any file name: ASCII fallback plus the exact UTF-8 name. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * The library's own HTTP routes, outside the graph because the gateway carries no multipart or
 * binary bodies. Both are reached through links the graph signs; neither reads an Authorization
 * header, so a download works as a plain browser link.
 *   PUT /library/uploads/:id        the raw bytes of a document (signed, short-lived)
 *   GET /library/files/:id/:name    a document (signed for the viewer, short-lived, counted)
 */
export function registerFileRoutes(app: FastifyInstance, deps: { domain: ResourcesDomain; logger: Logger; corsOrigins: string[] }): void {
  const { domain } = deps;
  const allowed = new Set(deps.corsOrigins);

  app.register(async (uploads) => {
    // Browsers PUT from the front-end's origin straight to this service, so uploads answer
    // CORS preflights for the configured origins (downloads are plain links and need none).
    uploads.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (typeof origin === 'string' && allowed.has(origin)) {
        reply.header('access-control-allow-origin', origin).header('vary', 'origin');
      }
    });
    uploads.options('/library/uploads/:id', async (request, reply) => {
      if (!reply.hasHeader('access-control-allow-origin')) return reply.code(403).send();
      return reply.code(204).header('access-control-allow-methods', 'PUT').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '600').send();
    });
    // Bodies of any type stream straight to storage, unparsed and unbuffered.
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, _payload, done) => done(null));
    uploads.put<{ Params: { id: string }; Querystring: Query }>('/library/uploads/:id', async (request, reply) => {
      const { id } = request.params;
      const expires = Number(request.query.expires);
      if (!isUuid(id) || !domain.signer.verify({ purpose: 'upload', fileId: id, expires, memberId: '' }, request.query.signature ?? '')) {
        return refuse(reply, 403, 'FORBIDDEN', 'This upload link is not valid or has expired. Ask for a new one.');
      }
      const length = Number(request.headers['content-length']);
      try {
        const file = await domain.files.receive(id, request.raw, Number.isSafeInteger(length) && length >= 0 ? length : null);
        return reply.code(201).send({ id: file.id, fileName: file.fileName, contentType: file.contentType, byteSize: Number(file.byteSize) });
      } catch (error) {
        if (error instanceof UploadRefused) return refuse(reply, error.status, error.code, error.message, error.code === 'BAD_USER_INPUT' ? 'file' : undefined);
        deps.logger.error({ err: error, uploadId: id }, 'upload failed');
        return refuse(reply, 500, 'INTERNAL_SERVER_ERROR', 'The upload failed on our side. Try again.');
      }
    });
  });

  app.get<{ Params: { id: string; name: string }; Querystring: Query }>('/library/files/:id/:name', { exposeHeadRoute: false }, async (request, reply) => {
    const { id } = request.params;
    const memberId = request.query.member ?? '';
    const expires = Number(request.query.expires);
    if (!isUuid(id) || (memberId !== '' && !isUuid(memberId)) || !domain.signer.verify({ purpose: 'download', fileId: id, expires, memberId }, request.query.signature ?? '')) {
      return reply.code(403).type('text/plain; charset=utf-8').send('This download link is not valid or has expired. Go back to the library and open the document again.');
    }
    const found = await domain.files.downloadable(id);
    if (!found) return reply.code(404).type('text/plain; charset=utf-8').send('This document is no longer in the library.');
    const object = await domain.storage.get(found.file.storageKey).catch((error: unknown) => {
      deps.logger.error({ err: error, fileId: id }, 'an attached file is missing from storage');
      return null;
    });
    if (!object) return reply.code(404).type('text/plain; charset=utf-8').send('This document cannot be found. Tell the community\'s coordinator.');
    await domain.engagement.count('downloads', found.resource, memberId || null);
    return reply
      .headers({
        'content-type': found.file.contentType!,
        'content-length': String(object.byteSize),
        'content-disposition': attachment(found.file.fileName),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, no-store',
      })
      .send(object.stream);
  });
}
