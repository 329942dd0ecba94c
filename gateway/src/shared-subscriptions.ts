/**
 * Subscriptions that are the same operation, with the same variables, for the same caller, share
 * one upstream subscription and one execution per event; each subscriber gets the result through
 * a bounded queue of its own.
 *
 * Ten people watching one profile page cost the subgraphs and the gateway's planner one
 * subscription, not ten: without this, every event is executed once per subscriber in the
 * subgraph and again in the gateway, which is what limits fan-out. Sharing is safe because the
 * key holds everything a result depends on (document, operation, variables, extensions and the
 * caller's verified claims), and limits and authorization ran for the first subscriber exactly as
 * they would for the others. A document that mentions `since` is never shared: its replay belongs
 * to the subscriber that asked, and a later subscriber with the same cursor needs its own.
 */
import { OperationTypeNode, getOperationAST, parse } from 'graphql';
import { fromSubgraph } from './error-codes.js';

export interface SharedSubscriptionOptions {
  /**
   * Events waiting for a subscriber that has not taken them; past this it is closed as too slow
   * (it resumes with `since`), so one slow reader never holds back or grows the group.
   * @default 1000
   */
  readonly maxQueuedEvents?: number;
}

/** What a subscriber's context carries so its subscription can be shared (set by websocket.ts). */
export interface ShareTicket {
  /** Everything the result depends on besides the document: the verified claims. */
  readonly caller: unknown;
  /** Called when this subscriber falls too far behind. */
  readonly tooSlow: () => void;
}

export const SHARE_TICKET = Symbol('shareTicket');

interface Params {
  readonly query?: unknown;
  readonly operationName?: unknown;
  readonly variables?: unknown;
  readonly extensions?: unknown;
}

type Source = AsyncIterator<unknown>;

/**
 * Only subscriptions are shared (over graphql-ws every operation arrives here, and two equal
 * queries are two requests), and none that mentions `since`. Documents that do not parse are
 * left to the pipeline, which answers them (and applies its own token limit to long ones).
 */
function shareable(query: string, operationName: unknown): boolean {
  if (/\bsince\b/.test(query)) return false;
  try {
    const operation = getOperationAST(parse(query, { noLocation: true, maxTokens: 2000 }), typeof operationName === 'string' ? operationName : undefined);
    return operation?.operation === OperationTypeNode.SUBSCRIPTION;
  } catch {
    return false;
  }
}

/** An upstream failure as an Error; a subgraph's coded error (plain JSON over the socket) keeps its message and code. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : (fromSubgraph(error) ?? new Error(String(error)));
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** One subscriber's view of a shared stream: its own queue, ended or failed with the source. */
class Member implements AsyncIterableIterator<unknown> {
  private readonly queue: unknown[] = [];
  private waiting: { resolve: (result: IteratorResult<unknown>) => void; reject: (error: unknown) => void } | undefined;
  private finished = false;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly group: Group,
    private readonly ticket: ShareTicket,
    private readonly maxQueued: number,
  ) {}

  push(value: unknown): void {
    if (this.finished) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
      return;
    }
    if (this.queue.length >= this.maxQueued) {
      this.end();
      this.group.leave(this);
      this.ticket.tooSlow();
      return;
    }
    this.queue.push(value);
  }

  end(error?: { error: unknown }): void {
    if (this.finished) return;
    this.finished = true;
    this.failure = error;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting && error) waiting.reject(asError(error.error));
    else waiting?.resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<unknown>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift(), done: false });
    if (this.finished) return this.failure ? Promise.reject(asError(this.failure.error)) : Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<unknown>> {
    this.queue.length = 0;
    this.end();
    this.group.leave(this);
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** One upstream subscription and the subscribers sharing it; it ends when the last one leaves. */
class Group {
  private readonly members = new Set<Member>();
  private closed = false;

  constructor(
    private readonly source: Source,
    private readonly onClose: () => void,
    private readonly maxQueued: number,
  ) {
    void this.pump();
  }

  join(ticket: ShareTicket): Member | undefined {
    if (this.closed) return undefined;
    const member = new Member(this, ticket, this.maxQueued);
    this.members.add(member);
    return member;
  }

  leave(member: Member): void {
    this.members.delete(member);
    if (this.members.size === 0 && !this.closed) {
      this.close();
      void Promise.resolve(this.source.return?.()).catch(() => {});
    }
  }

  private close(): void {
    this.closed = true;
    this.onClose();
  }

  private async pump(): Promise<void> {
    let failure: { error: unknown } | undefined;
    try {
      for (;;) {
        const result = await this.source.next();
        if (result.done || this.closed) break;
        for (const member of [...this.members]) member.push(result.value);
      }
    } catch (error) {
      failure = { error };
    }
    if (!this.closed) this.close();
    for (const member of [...this.members]) member.end(failure);
    this.members.clear();
  }
}

/**
 * Wraps graphql-ws's `subscribe`: subscribers whose context carries a ticket and whose operation
 * can be shared join the group for their key, created by the first of them.
 */
export function sharedSubscriptions<Args extends { contextValue?: unknown }, Result>(
  subscribe: (args: Args) => Result,
  options: SharedSubscriptionOptions = {},
): (args: Args) => Result {
  const maxQueued = options.maxQueuedEvents ?? 1000;
  const groups = new Map<string, Promise<Group | { result: unknown }>>();
  return (args) => {
    const context = args.contextValue as ({ params?: Params; [SHARE_TICKET]?: ShareTicket } & object) | undefined;
    const ticket = context?.[SHARE_TICKET];
    const params = context?.params;
    if (!ticket || !params || typeof params.query !== 'string' || !shareable(params.query, params.operationName)) return subscribe(args);
    // A member is an async iterable of results, which is what graphql-ws takes from subscribe.
    return shared(args, ticket, params.query, params) as Result;
  };

  function shared(args: Args, ticket: ShareTicket, query: string, params: Params): Promise<unknown> {
    const key = JSON.stringify([query, params.operationName ?? null, params.variables ?? null, params.extensions ?? null, ticket.caller]);
    const attach = async (): Promise<unknown> => {
      let pending = groups.get(key);
      if (!pending) {
        pending = Promise.resolve(subscribe(args)).then((result) => {
          // Errors (invalid, unauthorized) are not streams: answer them and keep nothing.
          if (!isAsyncIterable(result)) {
            groups.delete(key);
            return { result };
          }
          const group: Group = new Group(result[Symbol.asyncIterator](), () => {
            if (groups.get(key) === pending) groups.delete(key);
          }, maxQueued);
          return group;
        });
        pending.catch(() => groups.delete(key));
        groups.set(key, pending);
      }
      const joined = await pending;
      if (!(joined instanceof Group)) return joined.result;
      // The group closed between lookup and join (its last member left): start a fresh one.
      return joined.join(ticket) ?? attach();
    };
    return attach();
  }
}
