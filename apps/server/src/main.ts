import { pino } from 'pino';
import { loadServerConfig, ServerConfigError } from './server-config.ts';
import { startParley } from './start-parley.ts';

/** `npm start`: load the configuration, start Parley, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadServerConfig>;
  try {
    config = loadServerConfig(process.env);
  } catch (error) {
    if (error instanceof ServerConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel, base: { nodeId: config.nodeId } });
  const server = await startParley(config, { logger });
  if (server.operatorTokenCreated) {
    // Printed once, at the start that generated it; it stays in the data dir (mode 0600).
    process.stdout.write(
      `\nParley operator token (saved in ${config.dataDir}/operator-token):\n  ${server.operatorToken}\n\n`,
    );
  }
  logger.info(
    {
      role: config.role,
      admin: server.adminAddress && `http://${server.adminAddress.address}:${server.adminAddress.port}`,
      gateway:
        server.gatewayAddress && `ws://${server.gatewayAddress.address}:${server.gatewayAddress.port}/v1/ws`,
      storage: { config: config.config.kind, messages: config.messages.kind, cluster: config.cluster.kind },
    },
    'parley started',
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Parley failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
