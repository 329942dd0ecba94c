import { Database, createLogger, eventBuses, readInt } from '@cdp/shared';
import { ChangeFeed } from './change-feed.js';
import { ChangeSequencer } from './change-sequencer.js';

/** A process's view of the change log: the sequencer that numbers it and the feed that fans it out. */
export interface ChangeLog {
  readonly sequencer: ChangeSequencer;
  readonly feed: ChangeFeed;
}

const logs = new WeakMap<Database, ChangeLog>();

/** One change log per process (per database handle): all subscriptions share one reader. */
export function changeLogFor(db: Database): ChangeLog {
  let log = logs.get(db);
  if (!log) {
    const bus = eventBuses.get(db);
    // The two refer to each other: the sequencer delivers to the feed, the feed waits on the sequencer.
    const link: { feed?: ChangeFeed } = {};
    const sequencer = new ChangeSequencer(
      // Its own handle on the same driver: background statements are no request's, so they stay
      // out of the per-process statement count that proves requests have no N+1.
      new Database(db.driver, db.database),
      createLogger('change-sequencer'),
      {
        intervalMs: readInt(process.env, 'CHANGE_SEQUENCE_MS', 5, 1, 60_000),
        people: 500,
        retentionHours: readInt(process.env, 'CHANGE_RETENTION_HOURS', 168, 1),
      },
      (changes) => link.feed?.deliver(changes),
      bus,
    );
    const feed = new ChangeFeed(
      db,
      createLogger('change-feed'),
      { pollMs: readInt(process.env, 'CHANGE_POLL_MS', bus ? 1000 : 50, 5, 600_000), batch: 1000 },
      () => sequencer.flush(),
      bus,
    );
    link.feed = feed;
    log = { sequencer, feed };
    logs.set(db, log);
  }
  return log;
}

/** The profile subgraph's background work: sequence the log, at once after local writes. */
export function runChangeSequencer(db: Database): { stop(): Promise<void> } {
  const { sequencer, feed } = changeLogFor(db);
  db.onChangesCommitted = () => sequencer.poke();
  sequencer.start();
  return {
    stop: async () => {
      db.onChangesCommitted = undefined;
      feed.close();
      await sequencer.stop();
    },
  };
}
