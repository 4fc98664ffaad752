import { Agent, request as httpRequest, createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a proxy saw, for the cluster's closing figures. */
export interface ProxyStats {
  /** Answers relayed, per X-Praxis-Instance of the replica that gave them. */
  byInstance: Record<string, number>;
  /** Requests sent again to the other replica because the first refused them unread (stopping, or its port closed). */
  retried: number;
  /** Answers the proxy made itself because no replica could take the request. */
  unavailable: number;
}

export interface Proxy {
  name: string;
  url: string;
  stats: ProxyStats;
  /** Whether each upstream's last readiness probe answered 200. */
  health(): Record<string, boolean>;
  /** Points one upstream elsewhere, such as a replica started again on another port. */
  setUpstream(index: number, url: string): void;
  close(): Promise<void>;
}

export interface ProxyOptions {
  name: string;
  /** Base URLs of the replicas. */
  upstreams: string[];
  host?: string;
  port?: number;
  /**
   * The address the proxy connects to replicas from. A distinct loopback address (127.0.0.2)
   * lets the replicas trust forwarded headers from the proxy and from nobody else on the machine.
   */
  localAddress?: string;
  /** How often each replica's readiness is asked; a replica that is not ready gets no requests. */
  pollMs?: number;
  readyPath?: string;
}

/** Bodies up to this size are kept, so a request a stopping replica refused unread can go to the other one. */
const REPLAYABLE_BYTES = 1_048_576;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

interface Upstream {
  url: URL;
  ready: boolean;
  /** Said it is not ready (503), or its port is closed: never sent a request until a probe says otherwise. */
  down: boolean;
  /** Probes in a row that got no answer; a busy replica is given a few, as a readiness failureThreshold would. */
  silent: number;
}

/** Unanswered probes in a row before a replica leaves rotation; an answered 503 takes it out at once. */
const FAILURE_THRESHOLD = 3;

/**
 * A small HTTP proxy that stands in for a Kubernetes Service in front of a replica set: each
 * request (not each connection) goes to the next ready replica in turn; readiness is polled; the
 * client's address is appended to X-Forwarded-For. A replica that refuses a request without
 * reading it (a 503 from a stopping server, or a closed port) is taken out of rotation at once
 * and the request goes to another replica, as a mesh's retry on refusal would.
 */
export async function startProxy(options: ProxyOptions): Promise<Proxy> {
  const upstreams: Upstream[] = options.upstreams.map((url) => ({ url: new URL(url), ready: false, down: true, silent: 0 }));
  const agent = new Agent({ keepAlive: true, maxSockets: 256, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  const stats: ProxyStats = { byInstance: {}, retried: 0, unavailable: 0 };
  let next = 0;
  let closed = false;

  const probe = (upstream: Upstream) =>
    new Promise<void>((resolve) => {
      const probeRequest = httpRequest(new URL(options.readyPath ?? '/health/ready', upstream.url), { agent, timeout: 3000 }, (response) => {
        upstream.ready = response.statusCode === 200;
        upstream.down = !upstream.ready;
        upstream.silent = 0;
        response.resume();
        response.on('end', resolve);
        response.on('error', () => resolve());
      });
      probeRequest.on('timeout', () => probeRequest.destroy(new Error('timeout')));
      probeRequest.on('error', (error: NodeJS.ErrnoException) => {
        // A closed port is down at once; a slow answer under load is given FAILURE_THRESHOLD tries.
        upstream.silent++;
        if (error.code === 'ECONNREFUSED') upstream.down = true;
        if (upstream.down || upstream.silent >= FAILURE_THRESHOLD) upstream.ready = false;
        resolve();
      });
      probeRequest.end();
    });
  const poll = async () => {
    while (!closed) {
      await Promise.all(upstreams.map(probe));
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250).unref());
    }
  };
  void poll();

  // Ready replicas in turn; when none is, one that is only slow to answer its probe rather than
  // one that is stopping or gone: a saturated machine should slow requests, not refuse them.
  const pick = (tried: Set<Upstream>): Upstream | undefined => {
    for (const eligible of [(upstream: Upstream) => upstream.ready, (upstream: Upstream) => !upstream.down]) {
      for (let index = 0; index < upstreams.length; index++) {
        const upstream = upstreams[(next + index) % upstreams.length]!;
        if (eligible(upstream) && !tried.has(upstream)) {
          next = (next + index + 1) % upstreams.length;
          return upstream;
        }
      }
    }
    return undefined;
  };

  const forwardedHeaders = (incoming: IncomingMessage): IncomingHttpHeaders => {
    const headers: IncomingHttpHeaders = {};
    for (const [name, value] of Object.entries(incoming.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    const client = incoming.socket.remoteAddress ?? '';
    const prior = incoming.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = prior ? `${Array.isArray(prior) ? prior.join(', ') : prior}, ${client}` : client;
    const proto = incoming.headers['x-forwarded-proto'];
    headers['x-forwarded-proto'] = proto ? `${Array.isArray(proto) ? proto.join(', ') : proto}, http` : 'http';
    return headers;
  };

  const send = (upstream: Upstream, incoming: IncomingMessage, headers: IncomingHttpHeaders, body: Buffer | IncomingMessage) =>
    new Promise<{ refused: true } | { refused: false; response: IncomingMessage }>((resolve, reject) => {
      const outgoing = httpRequest(new URL(incoming.url ?? '/', upstream.url), { method: incoming.method, headers, agent }, (response) => {
        // A stopping Praxis server answers 503 with Connection: close before reading the request.
        if (response.statusCode === 503 && response.headers.connection === 'close' && Buffer.isBuffer(body) && !isReadiness(incoming)) {
          response.resume();
          resolve({ refused: true });
          return;
        }
        resolve({ refused: false, response });
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        // Nothing was read by a closed port or a reset before any answer: safe to send elsewhere.
        if (Buffer.isBuffer(body) && (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET' || error.code === 'EPIPE')) resolve({ refused: true });
        else reject(error);
      });
      if (Buffer.isBuffer(body)) outgoing.end(body);
      else body.pipe(outgoing);
    });

  const handle = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const headers = forwardedHeaders(incoming);
    const declared = Number(incoming.headers['content-length'] ?? 0);
    let body: Buffer | IncomingMessage = incoming;
    if (declared <= REPLAYABLE_BYTES && !incoming.headers['transfer-encoding']) {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      body = Buffer.concat(chunks);
    }
    const tried = new Set<Upstream>();
    for (;;) {
      const upstream = pick(tried);
      if (!upstream) {
        stats.unavailable++;
        outgoing.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end(JSON.stringify({ error: `no ready replica of ${options.name}` }));
        return;
      }
      tried.add(upstream);
      const answer = await send(upstream, incoming, headers, body);
      if (answer.refused) {
        upstream.ready = false;
        upstream.down = true;
        stats.retried++;
        continue;
      }
      const { response } = answer;
      const instance = response.headers['x-praxis-instance'];
      if (typeof instance === 'string') stats.byInstance[instance] = (stats.byInstance[instance] ?? 0) + 1;
      const responseHeaders: IncomingHttpHeaders = {};
      for (const [name, value] of Object.entries(response.headers)) if (!HOP_BY_HOP.has(name)) responseHeaders[name] = value;
      outgoing.writeHead(response.statusCode ?? 502, responseHeaders);
      response.pipe(outgoing);
      return;
    }
  };

  const server: Server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch(() => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `${options.name} failed mid-request` }));
      else outgoing.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name: options.name,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    stats,
    health: () => Object.fromEntries(upstreams.map((upstream) => [upstream.url.origin, upstream.ready])),
    setUpstream(index, url) {
      upstreams[index] = { url: new URL(url), ready: false, down: true, silent: 0 };
    },
    async close() {
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
    },
  };
}

function isReadiness(incoming: IncomingMessage): boolean {
  return (incoming.url ?? '').startsWith('/health/');
}
