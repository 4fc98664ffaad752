import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../logging/logger';
import { REQUEST_ID_HEADER } from '../identity/assertion';

export interface HttpService {
  app: FastifyInstance;
  /** Starts listening; port 0 picks a free port. Returns the base URL. */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * A Fastify instance with what every Praxis HTTP process needs: request ids taken from the
 * caller when well-formed, liveness and readiness, and no per-request access log noise.
 */
export function createHttpService(options: {
  logger: Logger;
  ready: () => Promise<void>;
  bodyLimit?: number;
  /** Proxies whose X-Forwarded-For is believed (addresses, CIDR ranges); none by default. */
  trustProxy?: string[];
}): HttpService {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // Operations are logged once each by the GraphQL layer; per-request access logs would double them.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 1_048_576,
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers[REQUEST_ID_HEADER];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Only a configured proxy may name the client's address: believing anyone's X-Forwarded-For
    // would let a client pick a fresh rate-limit key for every request.
    trustProxy: options.trustProxy?.length ? options.trustProxy : false,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (_request, reply) => {
    try {
      await options.ready();
      return { status: 'ready' };
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', reason: (error as Error).message });
    }
  });
  return {
    app,
    async listen(port, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      return `http://${shownHost}:${address.port}`;
    },
    async close() {
      await app.close();
    },
  };
}
