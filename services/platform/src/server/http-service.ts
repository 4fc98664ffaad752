import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../logging/logger';
import { REQUEST_ID_HEADER } from '../identity/assertion';

export interface HttpService {
  app: FastifyInstance;
  /** Starts listening; port 0 picks a free port. Returns the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /**
   * Turns readiness false at once, so a load balancer stops sending; requests keep being served
   * until close(). Called on every server of a process as soon as it is told to stop.
   */
  beginShutdown(): void;
  /** Stops accepting connections and waits for the requests in flight to finish. */
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Names the process on every response, so replicas behind one address can be told apart. */
export const INSTANCE_HEADER = 'x-praxis-instance';
/** Random rather than host and pid, which would name internal machines to clients. */
const PROCESS_ID = randomBytes(4).toString('hex');

/**
 * A closing server keeps its port open, answering 503, until no connection has arrived for
 * QUIET_MS (at most GRACE_MS). Connections a client opened just before the stop wait in the
 * kernel until a busy server accepts them; closing the port at once would reset them, with
 * requests already sent.
 */
const QUIET_MS = 250;
const GRACE_MS = 2000;

/**
 * A Fastify instance with what every Praxis HTTP process needs: request ids taken from the
 * caller when well-formed, liveness and readiness, a draining shutdown, and no per-request
 * access log noise. `ready` may return details (shown in the readiness body) or throw when the
 * process cannot serve.
 */
export function createHttpService(options: {
  logger: Logger;
  ready: () => Promise<void | Record<string, unknown>>;
  bodyLimit?: number;
  /** Proxies whose X-Forwarded-For is believed (addresses, CIDR ranges); none by default. */
  trustProxy?: string[];
  /** The service's name, sent with this process's id as X-Praxis-Instance. */
  instance?: string;
}): HttpService {
  const instance = `${options.instance ?? 'praxis'}-${PROCESS_ID}`;
  let shuttingDown = false;
  let refusing = false;
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
    // While closing, a request on a kept-alive connection gets a clean 503 with Connection: close
    // instead of a reset, and idle keep-alive connections are closed so close() does not wait
    // out their keep-alive timeout. Requests in flight run to the end.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (refusing) return reply.code(503).header('connection', 'close').send({ status: 'stopping' });
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    reply.header(INSTANCE_HEADER, instance);
    // Node closes only the connections idle when close() is called; one whose request was still
    // in flight would stay open for its keep-alive timeout (72 s) and hold the stop up.
    if (refusing) reply.header('connection', 'close');
  });
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (_request, reply) => {
    if (shuttingDown) return reply.code(503).send({ status: 'stopping' });
    try {
      const details = await options.ready();
      return { status: 'ready', ...details };
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', reason: (error as Error).message });
    }
  });
  let closing: Promise<void> | undefined;
  let lastConnection = Date.now();
  app.server.on('connection', () => {
    lastConnection = Date.now();
  });
  return {
    app,
    async listen(port, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      return `http://${shownHost}:${address.port}`;
    },
    beginShutdown() {
      shuttingDown = true;
    },
    close() {
      shuttingDown = true;
      closing ??= (async () => {
        // Requests already being handled run to the end; new ones are refused cleanly.
        refusing = true;
        const started = Date.now();
        while (app.server.listening && Date.now() - lastConnection < QUIET_MS && Date.now() - started < GRACE_MS) await sleep(50);
        await app.close();
      })();
      return closing;
    },
  };
}
