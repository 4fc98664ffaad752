import { request } from 'undici';
import { createLogger, loadServiceModules, parseEnv, readSubgraphs, type Clock, type RunningService } from '@praxis/platform';
import { resetDatabase, startSmtpCapture, testEnv, type SmtpCapture } from '@praxis/platform/testing';
import { createGateway, gatewayConfig, gatewayEnv, type Gateway } from '../src';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface Stack {
  gatewayUrl: string;
  services: Record<string, RunningService>;
  smtp: SmtpCapture;
  gateway: Gateway;
  /** Posts an operation to the gateway as a front-end would. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: { token?: string; headers?: Record<string, string> }): Promise<GraphQLResponse<T>>;
  /** Posts an operation straight to one subgraph, bypassing the gateway. */
  subgraph<T = Record<string, unknown>>(name: string, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

interface TestingModule {
  testConfig(options: { smtpUrl?: string; env?: Record<string, string> }): Promise<unknown>;
}

/**
 * Starts every subgraph listed in schema/subgraphs.json on a free port, against this worker's
 * database, and a gateway in front of them using the committed supergraph, as a front-end
 * would meet it. Emails go to a real SMTP server in-process.
 */
export async function startStack(
  options: {
    gatewayEnv?: Record<string, string>;
    serviceEnv?: Record<string, string>;
    /** Where the gateway finds a subgraph, given where it listens; fault tests put a proxy between. */
    subgraphUrl?: (name: string, url: string) => string;
    /** One clock for every service, such as the seeding clock `npm start` shares. */
    clock?: Clock;
  } = {},
): Promise<Stack> {
  const modules = loadServiceModules();
  await resetDatabase(modules);
  const smtp = await startSmtpCapture();
  const services: Record<string, RunningService> = {};
  const env: Record<string, string> = { ...options.serviceEnv };
  try {
    for (const entry of readSubgraphs()) {
      const module = modules.find((candidate) => candidate.name === entry.name)!;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const testing = require(`${entry.package}/testing`) as TestingModule;
      const config = await testing.testConfig({ smtpUrl: smtp.url, env });
      services[entry.name] = await module.start(config, { clock: options.clock });
      if (entry.name === 'membership') env.MEMBERSHIP_INTERNAL_URL = (services[entry.name] as { internalUrl?: string }).internalUrl ?? services[entry.name]!.url;
    }
    const config = gatewayConfig(
      parseEnv(gatewayEnv, {
        NODE_ENV: 'test',
        LOG_LEVEL: testEnv.TEST_LOG_LEVEL,
        GATEWAY_PORT: '0',
        SUBGRAPH_URLS: Object.entries(services)
          .map(([name, running]) => `${name}=${options.subgraphUrl?.(name, running.url) ?? running.url}/graphql`)
          .join(','),
        // Membership's internal routes on a port of their own (MEMBERSHIP_INTERNAL_PORT): the
        // gateway is told, as infra/k8s tells it. Otherwise it finds them beside membership's GraphQL.
        ...(env.MEMBERSHIP_INTERNAL_URL !== services.membership?.url ? { MEMBERSHIP_INTERNAL_URL: env.MEMBERSHIP_INTERNAL_URL } : {}),
        ...options.gatewayEnv,
      }),
    );
    const gateway = await createGateway(config, { logger: createLogger({ service: 'gateway', level: testEnv.TEST_LOG_LEVEL }) });
    const gatewayUrl = await gateway.listen(config.port);
    const post = async <T>(url: string, query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>): Promise<GraphQLResponse<T>> => {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.body.json()) as { data?: T; errors?: GraphQLResponse['errors'] };
      return { status: response.statusCode, headers: response.headers, data: body.data, errors: body.errors };
    };
    return {
      gatewayUrl,
      services,
      smtp,
      gateway,
      graphql: (query, variables, requestOptions = {}) =>
        post(`${gatewayUrl}/graphql`, query, variables, { ...(requestOptions.token ? { authorization: `Bearer ${requestOptions.token}` } : {}), ...requestOptions.headers }),
      subgraph: (name, query, variables, headers = {}) => post(`${services[name]!.url}/graphql`, query, variables, headers),
      async stop() {
        await gateway.close();
        for (const running of Object.values(services).reverse()) await running.stop();
        await smtp.close();
      },
    };
  } catch (error) {
    for (const running of Object.values(services).reverse()) await running.stop().catch(() => undefined);
    await smtp.close();
    throw error;
  }
}

/** Signs in through the gateway and returns the access token. */
export async function signIn(stack: Stack, email: string, password: string): Promise<{ accessToken: string; refreshToken: string }> {
  const response = await stack.graphql<{ signIn: { accessToken: string; refreshToken: string } }>(
    `mutation ($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken } }`,
    { input: { email, password } },
  );
  if (!response.data?.signIn) throw new Error(`sign-in failed: ${JSON.stringify(response.errors)}`);
  return response.data.signIn;
}
