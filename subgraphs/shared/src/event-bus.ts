import { DeliverPolicy, JSONCodec, connect, nanos, type JetStreamClient, type NatsConnection } from 'nats';
import { readInt, readString, type Env } from './config.js';
import type { Logger } from './log.js';

/** A change as committed, with the cursor the change log gave it. */
export interface CommittedChange {
  readonly cursor: number;
  readonly personId: string;
  readonly kind: string;
  readonly changedFields: readonly string[];
  readonly survivorId: string | null;
  readonly at: string;
}

/**
 * Optional fan-out of committed changes over NATS JetStream (EVENT_BUS=nats), so many subgraph
 * and gateway instances share one stream instead of each polling Neo4j. The Neo4j change log
 * stays the source of truth: consumers fill any gap in cursors from it, and replay reads it.
 */
export interface EventBus {
  publish(changes: readonly CommittedChange[]): Promise<void>;
  /** Calls `onChange` for every change published from now on, in stream order. */
  subscribe(onChange: (change: CommittedChange) => void): Promise<() => void>;
  close(): Promise<void>;
}

/** The stream's one subject, named after it, so separate streams (tests, tenants) never overlap. */
export function changeSubject(stream: string): string {
  return `${stream.toLowerCase()}.profile.changes`;
}

export interface NatsBusConfig {
  /** Env NATS_URL. @default "127.0.0.1:4222" */
  readonly servers: string;
  /** Env NATS_STREAM. @default "CDP_CHANGES" */
  readonly stream: string;
  /** How long the stream keeps messages; the Neo4j log keeps longer. Env NATS_RETENTION_HOURS. @default 24 */
  readonly retentionHours: number;
}

export function readEventBusConfig(env: Env): NatsBusConfig | undefined {
  if (readString(env, 'EVENT_BUS', 'neo4j') !== 'nats') return undefined;
  return {
    servers: readString(env, 'NATS_URL', '127.0.0.1:4222'),
    stream: readString(env, 'NATS_STREAM', 'CDP_CHANGES'),
    retentionHours: readInt(env, 'NATS_RETENTION_HOURS', 24, 1),
  };
}

const codec = JSONCodec<CommittedChange>();

async function ensureStream(nc: NatsConnection, config: NatsBusConfig): Promise<void> {
  const manager = await nc.jetstreamManager();
  try {
    await manager.streams.info(config.stream);
  } catch {
    await manager.streams.add({
      name: config.stream,
      subjects: [changeSubject(config.stream)],
      max_age: nanos(config.retentionHours * 3_600_000),
      // Publishes carry the cursor as message id: a retried publish is stored once.
      duplicate_window: nanos(120_000),
    });
  }
}

export async function connectEventBus(config: NatsBusConfig, logger: Logger): Promise<EventBus> {
  const nc = await connect({ servers: config.servers, name: 'customer-graph' });
  await ensureStream(nc, config);
  const js: JetStreamClient = nc.jetstream();
  return {
    async publish(changes) {
      for (const change of changes) {
        await js.publish(changeSubject(config.stream), codec.encode(change), { msgID: String(change.cursor) });
      }
    },
    async subscribe(onChange) {
      const consumer = await js.consumers.get(config.stream, { deliver_policy: DeliverPolicy.New });
      const messages = await consumer.consume();
      void (async () => {
        for await (const message of messages) {
          try {
            onChange(codec.decode(message.data));
          } catch (error) {
            logger.error('bad change message', { message: error instanceof Error ? error.message : String(error) });
          }
        }
      })();
      return () => {
        void messages.close();
      };
    },
    async close() {
      await nc.drain();
    },
  };
}
