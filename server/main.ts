// `npm start`: validate the environment, build the app, serve, and shut down cleanly.
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  // A rejected promise nobody awaited (a fire-and-forget step of some request) is a bug to log, not a
  // reason to drop every other connection: Node's default would exit the process.
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection'));
  const app = await createApp(config, { log });
  const url = await app.listen();
  log.info({ url }, 'listening');
  process.stdout.write(`\n  Switchboard is running at ${url}\n    console: ${url}/console\n    demo:    ${url}/demo\n\n`);
  const stop = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
