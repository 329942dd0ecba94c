import { afterAll, describe, expect, it } from 'vitest';
import type { Plan } from 'neo4j-driver';
import * as identity from '../subgraphs/shared/src/identity/cypher.js';
import * as profile from '../subgraphs/profile/src/cypher.js';
import * as relationship from '../subgraphs/relationship/src/cypher.js';
import * as relationshipOrganizations from '../subgraphs/relationship/src/cypher-organizations.js';
import * as relationshipPeople from '../subgraphs/relationship/src/cypher-people.js';
import * as relationshipPersonRoot from '../subgraphs/relationship/src/cypher-person-root.js';
import * as interaction from '../subgraphs/interaction/src/cypher.js';
import * as interactionTimeline from '../subgraphs/interaction/src/cypher-timeline.js';
import * as changeLog from '../subgraphs/profile/src/cypher-changes.js';
import { APPEND_CHANGES } from '../subgraphs/shared/src/changes.js';
import { MIGRATIONS } from '../subgraphs/shared/src/migrations.js';
import { SURVIVORS_BY_REQUESTED_IDS } from '../subgraphs/shared/src/person-root.js';
import { testDatabase } from './helpers/database.js';

/** The string constants each module exports, named `module.NAME`. */
function exported(modules: Record<string, unknown>): [string, string][] {
  return Object.entries(modules).flatMap(([module, exports]) =>
    Object.entries(exports as Record<string, unknown>).flatMap(([name, text]): [string, string][] =>
      typeof text === 'string' ? [[`${module}.${name}`, text]] : [],
    ),
  );
}

/**
 * Every Cypher statement the subgraphs send, planned by the real Neo4j with EXPLAIN: it must
 * compile, and it must start from an index, never from a scan of all nodes or of a whole label,
 * which would make response time grow with the size of the graph.
 */
const statements = exported({
  identity,
  personRoot: { SURVIVORS_BY_REQUESTED_IDS },
  profile,
  relationship,
  relationshipOrganizations,
  relationshipPeople,
  relationshipPersonRoot,
  interaction,
  interactionTimeline,
  changeLog,
  changes: { APPEND_CHANGES },
});

/**
 * Statements that say `CYPHER replan=skip` keep the plan Neo4j made at their first run for as long
 * as the database runs, so that plan must not depend on the statistics of that moment. Left to
 * itself the planner sometimes starts `UNWIND $keys AS key MATCH (:Identifier {key: key})` from a
 * scan of the whole key index filtered per key, instead of a seek (seen: a tracking batch's
 * lookups took 40 ms instead of 4, and kept doing so), and a plain `USING INDEX` hint may still be
 * met by that scan (seen: 100 identify calls locked in 1.7 s instead of 20 ms). So in a kept plan
 * every MATCH by key forces a seek (`USING INDEX SEEK`, on the MATCH's own line), and so does every
 * other index hint but the one ordered scan meant as such. MERGE takes no hints; it stays unchecked.
 */
const keptPlans = statements.filter(([, text]) => text.startsWith('CYPHER replan=skip'));

/** Index hints of kept plans that are scans on purpose: the oldest pending changes, in order. */
const ORDERED_SCANS = new Set(['p:PendingChange(at)']);

/** `MATCH (v:Label {key: ...})` clauses, with the rest of their line (where the hint goes). */
const KEY_LOOKUP = /\bMATCH \((\w*):(\w+) \{ ?(\w+):[^}]*\}\)[^\n]*/g;
const INDEX_HINT = /USING INDEX (SEEK )?(\w+:\w+\([^)]*\))/g;

/** Key lookups without a seek hint, and index hints that allow a scan. */
function scansAllowed(text: string): string[] {
  const lookups = [...text.matchAll(KEY_LOOKUP)].flatMap(([clause, variable, label, key]) => {
    const seek = new RegExp(`USING INDEX SEEK ${variable}:${label}\\(${key}[,)]`);
    return variable && seek.test(clause) ? [] : [clause.trim()];
  });
  const hints = [...text.matchAll(INDEX_HINT)].flatMap(([hint, seek, index]) => (seek || ORDERED_SCANS.has(index ?? '') ? [] : [hint]));
  return [...lookups, ...hints];
}

const SCANS = new Set(['AllNodesScan', 'NodeByLabelScan', 'DirectedAllRelationshipsScan', 'UndirectedAllRelationshipsScan']);

function operators(plan: Plan): string[] {
  return [plan.operatorType.split('@')[0] ?? plan.operatorType, ...plan.children.flatMap(operators)];
}

const db = testDatabase();
afterAll(() => db.close());

describe('Cypher statements', () => {
  it('are all found (a guard against this test silently checking nothing)', () => {
    expect(statements.length).toBeGreaterThanOrEqual(15);
  });

  it.each(statements)('%s compiles and is index-backed', async (_name, text) => {
    const result = await db.driver.executeQuery(`EXPLAIN ${text}`, {}, { database: db.database });
    const plan = result.summary.plan;
    expect(plan).not.toBe(false);
    const used = operators(plan as Plan);
    expect(used.filter((operator) => SCANS.has(operator))).toEqual([]);
  });

  it('whose plan is kept are found (a guard against checking nothing)', () => {
    const names = keptPlans.map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(['identity.FIND_AND_LOCK_BY_KEYS', 'interaction.BATCH_LOOKUPS', 'changeLog.SEQUENCE_PENDING']));
  });

  it.each(keptPlans)('%s keeps its plan, so its lookups by key and its index hints force seeks', (_name, text) => {
    expect(scansAllowed(text)).toEqual([]);
  });

  it('are backed by migrations that are all online', async () => {
    const rows = await db.readRows({ text: 'SHOW INDEXES YIELD name, state RETURN name, state', params: {} });
    const byName = new Map(rows.map((row) => [String(row['name']), String(row['state'])]));
    for (const statement of MIGRATIONS) {
      const name = /(?:CONSTRAINT|INDEX) (\w+)/.exec(statement)?.[1] ?? '';
      // A dropped index must be gone; every other one online.
      const expected = statement.startsWith('DROP ') ? undefined : 'ONLINE';
      expect({ name, state: byName.get(name) }).toEqual({ name, state: expected });
    }
  });
});
