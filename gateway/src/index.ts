export { createGateway, type Gateway } from './server';
export { gatewayConfig, gatewayEnv, type GatewayConfig, type GatewayEnv } from './env';
