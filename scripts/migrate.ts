/** npm run migrate: apply the schema migrations to NEO4J_URI (used by docker compose). */
import { applyMigrations, createDriver, readNeo4jConfig } from '@cdp/shared';

const config = readNeo4jConfig(process.env);
const driver = createDriver(config);
try {
  const count = await applyMigrations(driver, config.database);
  process.stdout.write(`applied ${count} schema migrations to ${config.uri}\n`);
} finally {
  await driver.close();
}
