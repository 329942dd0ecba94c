import type { Driver } from 'neo4j-driver';

/**
 * Schema of the customer graph: every constraint and index the queries rely on. Each statement is
 * idempotent (IF NOT EXISTS), so applying the list at every start is safe.
 */
export const MIGRATIONS: readonly string[] = [
  'CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE',
  'CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (i:Identifier) REQUIRE i.key IS UNIQUE',
  'CREATE CONSTRAINT source_record_id IF NOT EXISTS FOR (s:SourceRecord) REQUIRE s.id IS UNIQUE',
  'CREATE CONSTRAINT source_record_message_id IF NOT EXISTS FOR (s:SourceRecord) REQUIRE s.messageId IS UNIQUE',
  'CREATE CONSTRAINT household_id IF NOT EXISTS FOR (h:Household) REQUIRE h.id IS UNIQUE',
  'CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (o:Organization) REQUIRE o.id IS UNIQUE',
  'CREATE CONSTRAINT organization_domain IF NOT EXISTS FOR (o:Organization) REQUIRE o.domain IS UNIQUE',
  'CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (i:Interaction) REQUIRE i.id IS UNIQUE',
  'CREATE CONSTRAINT interaction_message_id IF NOT EXISTS FOR (i:Interaction) REQUIRE i.messageId IS UNIQUE',
  'CREATE INDEX person_status IF NOT EXISTS FOR (p:Person) ON (p.status)',
  'CREATE INDEX identifier_type_value IF NOT EXISTS FOR (i:Identifier) ON (i.type, i.value)',
  // No statement reads interactions by time alone (timelines seek the person's composite indexes
  // below), and every interaction written paid an entry in each of these.
  'DROP INDEX interaction_occurred_at IF EXISTS',
  'DROP INDEX had_occurred_at IF EXISTS',
  'CREATE CONSTRAINT purpose_name IF NOT EXISTS FOR (p:Purpose) REQUIRE p.name IS UNIQUE',
  // Replaced by person_text: an index updated inside every commit cost identify 5 ms of CPU.
  'DROP INDEX person_search IF EXISTS',
  // Eventually consistent: commits queue their updates and a background thread applies them in
  // batches; search first waits for the queue (db.index.fulltext.awaitEventuallyConsistentIndexRefresh).
  "CREATE FULLTEXT INDEX person_text IF NOT EXISTS FOR (p:Person) ON EACH [p.searchText] OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}}",
  'CREATE INDEX works_for_id_index IF NOT EXISTS FOR ()-[w:WORKS_FOR]-() ON (w.id)',
  'CREATE INDEX person_updated_at IF NOT EXISTS FOR (p:Person) ON (p.updatedAt)',
  'CREATE CONSTRAINT change_event_cursor IF NOT EXISTS FOR (e:ChangeEvent) REQUIRE e.cursor IS UNIQUE',
  'CREATE INDEX change_event_person_cursor IF NOT EXISTS FOR (e:ChangeEvent) ON (e.personId, e.cursor)',
  'DROP INDEX change_event_at IF EXISTS',
  'CREATE CONSTRAINT change_sequence_name IF NOT EXISTS FOR (s:ChangeSequence) REQUIRE s.name IS UNIQUE',
  'CREATE CONSTRAINT change_stream_person IF NOT EXISTS FOR (s:ChangeStream) REQUIRE s.personId IS UNIQUE',
  'CREATE INDEX pending_change_person IF NOT EXISTS FOR (e:PendingChange) ON (e.personId)',
  'CREATE INDEX pending_change_at IF NOT EXISTS FOR (e:PendingChange) ON (e.at)',
  'CREATE INDEX interaction_person_occurred_at IF NOT EXISTS FOR (i:Interaction) ON (i.personId, i.occurredAt)',
  'CREATE INDEX interaction_person_channel_occurred_at IF NOT EXISTS FOR (i:Interaction) ON (i.personId, i.channel, i.occurredAt)',
  'CREATE INDEX interaction_person_type_occurred_at IF NOT EXISTS FOR (i:Interaction) ON (i.personId, i.type, i.occurredAt)',
];

/** Data the schema needs to exist before the first write: the change-log cursor counter. */
export const SEED_STATEMENTS: readonly string[] = [
  "MERGE (s:ChangeSequence {name: 'profile'}) ON CREATE SET s.value = 0",
];

/** Applies every migration, then waits until the indexes are online so the first query is fast. */
export async function applyMigrations(driver: Driver, database: string): Promise<number> {
  const session = driver.session({ database });
  try {
    for (const statement of MIGRATIONS) {
      await session.run(statement);
    }
    await session.run('CALL db.awaitIndexes(60)');
    for (const statement of SEED_STATEMENTS) {
      await session.run(statement);
    }
  } finally {
    await session.close();
  }
  return MIGRATIONS.length;
}
