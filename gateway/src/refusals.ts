import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { countRefusedRequest, type ServiceMetrics } from '@praxis/platform';

/**
 * The code of a refusal whose body is not GraphQL-shaped (Fastify's own 413 and 400s, the CORS
 * preflight's plain text, a stopping server's 503), in the words the registry would use.
 */
const CODE_OF_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Refusal bodies are a sentence or two; anything longer is not read for its code. */
const BODY_READ_MAX = 16_384;

/**
 * Counts the /graphql requests the gateway answers with an error before Apollo runs an operation:
 * a bad or unverifiable token (401, 503), a rate limit (429), Apollo's CSRF prevention and
 * malformed requests (400), a body too large (413), a refused CORS preflight. Apollo's metrics
 * plugin never sees them, so a flood or an outage of the token check would otherwise be missing
 * from the request and error rates. Operations Apollo ran (those refused by the depth, alias,
 * token and cost limits included) are counted by the plugin, once.
 */
/** Apollo hands plugins a shallow copy of the context; a symbol-keyed field survives the copy. */
const HTTP_REQUEST = Symbol('praxis.httpRequest');

export class RefusedRequests {
  private readonly ran = new WeakSet<FastifyRequest>();

  constructor(private readonly metrics: ServiceMetrics) {}

  /** Wraps Apollo's context function, so the plugin can tell which HTTP request an operation came from. */
  context<C extends object>(build: (request: FastifyRequest, reply: FastifyReply) => Promise<C>) {
    return async (request: FastifyRequest, reply: FastifyReply): Promise<C> => {
      return Object.assign(await build(request, reply), { [HTTP_REQUEST]: request });
    };
  }

  /** Marks a request whose operation Apollo started, which its own metrics plugin counts. */
  plugin<C extends BaseContext>(): ApolloServerPlugin<C> {
    return {
      requestDidStart: async ({ contextValue }) => {
        const request = (contextValue as { [HTTP_REQUEST]?: FastifyRequest })[HTTP_REQUEST];
        if (request) this.ran.add(request);
      },
    };
  }

  /** An onSend hook for the /graphql routes: counts an error answer Apollo did not run. */
  readonly onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (reply.statusCode >= 400 && !this.ran.has(request)) {
      countRefusedRequest(this.metrics, { operationName: operationNameOf(request), code: codeOf(reply.statusCode, payload) });
    }
    return payload;
  };
}

/** The operation name the client sent, when its body was read (POST) or its query string names one (GET). */
function operationNameOf(request: FastifyRequest): unknown {
  const from = (source: unknown) => (source && typeof source === 'object' && !Array.isArray(source) ? (source as { operationName?: unknown }).operationName : undefined);
  return from(request.body) ?? from(request.query);
}

/** The first error's `extensions.code` of a GraphQL-shaped body, else the status's code. */
function codeOf(status: number, payload: unknown): string {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
  if (text && text.length <= BODY_READ_MAX && text.startsWith('{')) {
    try {
      const code = (JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] }).errors?.[0]?.extensions?.code;
      if (typeof code === 'string') return code;
    } catch {
      // Not JSON after all: the status says enough.
    }
  }
  return CODE_OF_STATUS[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}
