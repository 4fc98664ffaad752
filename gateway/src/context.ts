import type { Logger, Viewer } from '@praxis/platform';

export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  logger: Logger;
  /** The signed viewer statement for subgraphs, made once per request on first use. */
  viewerAssertion: () => Promise<string>;
}
