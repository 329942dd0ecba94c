/** npm run db: only the local Neo4j (with migrations applied), until Ctrl-C. */
import { openDatabase } from './lib/database.js';

const log = (line: string): void => {
  process.stdout.write(`[db] ${line}\n`);
};
const database = await openDatabase(process.env, { log });
log(`READY ${database.connection.uri} - press Ctrl-C to stop`);
const stop = (): void => {
  database.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
