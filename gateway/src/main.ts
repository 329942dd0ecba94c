import { createLogger, exitWithSupervisor } from '@cdp/shared';
import { startGateway } from './gateway.js';

const logger = createLogger('gateway');
try {
  const gateway = await startGateway();
  process.stdout.write(`GATEWAY_READY ${gateway.url}\n`);
  const stop = (signal: string): void => {
    logger.info('stopping', { signal });
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  exitWithSupervisor(() => stop('supervisor gone'));
} catch (error) {
  logger.error('failed to start', { message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
