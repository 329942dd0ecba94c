import { randomUUID } from 'node:crypto';
import {
  asJsonObject,
  badInput,
  parseDateTime,
  resolvePersonRefInTx,
  runQuery,
  show,
  type Database,
  type PersonRef,
} from '@cdp/shared';
import * as cypher from './cypher.js';

export const CHANNELS = ['WEB', 'MOBILE', 'EMAIL', 'CHAT', 'PHONE', 'SMS', 'STORE', 'SOCIAL'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface InteractionInput {
  readonly person: PersonRef;
  readonly channel: Channel;
  readonly type: string;
  readonly occurredAt?: string | null;
  readonly properties?: unknown;
  readonly content?: string | null;
  readonly messageId?: string | null;
  readonly source?: string | null;
}

const MAX_TYPE_LENGTH = 100;
const MAX_CONTENT_LENGTH = 100_000;
const MAX_MESSAGE_ID_LENGTH = 200;

function validate(input: InteractionInput): void {
  const type = input.type.trim();
  if (type === '' || type.length > MAX_TYPE_LENGTH) {
    throw badInput(`type expects 1 to ${MAX_TYPE_LENGTH} characters, such as "page_view", but got ${show(input.type)}.`, {
      field: 'type',
    });
  }
  if (input.content !== undefined && input.content !== null && input.content.length > MAX_CONTENT_LENGTH) {
    throw badInput(`content expects at most ${MAX_CONTENT_LENGTH} characters, but got ${input.content.length}.`, {
      field: 'content',
    });
  }
  if (
    input.messageId !== undefined &&
    input.messageId !== null &&
    (input.messageId.trim() === '' || input.messageId.length > MAX_MESSAGE_ID_LENGTH)
  ) {
    throw badInput(`messageId expects 1 to ${MAX_MESSAGE_ID_LENGTH} characters, but got ${show(input.messageId)}.`, {
      field: 'messageId',
    });
  }
}

/**
 * Records one interaction in one transaction: the person (resolved by id or identifier) and the
 * interaction appear together or not at all. A repeated messageId returns the stored interaction.
 */
export async function recordInteraction(db: Database, input: InteractionInput): Promise<string> {
  validate(input);
  const properties = asJsonObject(input.properties, 'properties');
  const now = new Date().toISOString();
  const occurredAt = input.occurredAt ? parseDateTime(input.occurredAt, 'occurredAt') : now;
  const messageId = input.messageId ?? null;
  return db.write(async (tx) => {
    if (messageId !== null) {
      const [existing] = await db.count(runQuery(tx, { text: cypher.INTERACTION_BY_MESSAGE_ID, params: { messageId } }));
      if (existing) return String(existing['id']);
    }
    const personId = await resolvePersonRefInTx(tx, db, input.person, input.source ?? 'api');
    const id = randomUUID();
    await db.count(
      runQuery(tx, {
        text: cypher.CREATE_INTERACTION,
        params: {
          id,
          personId,
          channel: input.channel,
          type: input.type.trim(),
          occurredAt,
          now,
          properties: JSON.stringify(properties),
          content: input.content ?? null,
          messageId,
        },
      }),
    );
    return id;
  });
}
