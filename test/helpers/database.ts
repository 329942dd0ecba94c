import { inject } from 'vitest';
import { Database, createDriver, readNeo4jConfig } from '@cdp/shared';

/** A Database on the test Neo4j, for tests that call data-access code directly or inspect the graph. */
export function testDatabase(): Database & AsyncDisposable {
  const neo4j = inject('neo4j');
  const config = readNeo4jConfig({ NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password });
  const db = new Database(createDriver(config), config.database) as Database & AsyncDisposable;
  db[Symbol.asyncDispose] = () => db.close();
  return db;
}

/** A value no other test uses, so suites can share one database without seeing each other's data. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
