import { runService } from '@cdp/shared';
import { startGateway } from './gateway.js';

await runService('gateway', (url) => `GATEWAY_READY ${url}`, () => startGateway());
