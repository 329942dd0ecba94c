import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { compared, type BenchCase, type BenchRow } from '../context.js';
import { postGraphQL } from '../http.js';
import { summarize, type Stats } from '../measure.js';
import { startFloorServer, type FloorPayload } from './subscriptions-floor.js';

/**
 * Live delivery of `profileChanged`: 1,000 graphql-ws subscribers (10 on each of 100 people, 20
 * subscriptions on each of 50 connections) while identify mutations through the gateway change
 * one person after another at a steady rate, each carrying its send time in `traits.sentAt`.
 * The floor is a bare graphql-ws server in this process publishing the same payloads from memory
 * at the same rate.
 *
 * Two latencies per delivery, on this machine's one clock: from the change's entry in the change
 * log to its delivery (the event's `at`, which the writer stamps as it appends the event, just
 * before the append statement and the commit, so this slightly overstates commit-to-delivery; for
 * the floor, the publish), which is what the floor's publish-to-delivery compares with; and from
 * the moment the client sent the write (sentAt), which adds the write's own round trip and its
 * queueing in the write path.
 */
const PROFILES = 100;
const PER_PROFILE = 10;
const PER_CONNECTION = 20;
const MAX_IN_FLIGHT = 128;
const TARGET = 'targets: p99 < 100 ms, >= 5,000 deliveries/s';

const SUBSCRIPTION = 'subscription($id: ID!) { profileChanged(id: $id) { cursor kind personId at person { id traits } } }';
const IDENTIFY = 'mutation($input: IdentifyInput!) { identify(input: $input) { person { id traits } } }';

/**
 * Milliseconds since the epoch with sub-millisecond precision: wall-clock time at this process's
 * start plus monotonic time since, so a wall-clock step does not move it. Writer and subscribers
 * both run here and share it.
 */
const epochNow = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface WireMessage {
  readonly type: string;
  readonly id?: string;
  readonly payload?: { data?: { profileChanged?: { at?: unknown; person?: { traits?: { sentAt?: unknown } | null } | null } }; errors?: unknown };
}

/** Per-subscriber counts and latencies of the current phase; events sent before it started are strays. */
class Deliveries {
  received = new Int32Array(PROFILES * PER_PROFILE);
  lastSentAt = new Float64Array(PROFILES * PER_PROFILE);
  /** From the write's send (sentAt) to delivery. */
  latencies: number[] = [];
  /** From the change's entry in the change log (the event's `at`) to delivery. */
  fromCommit: number[] = [];
  sentAts: number[] = [];
  phaseStart = 0;
  lastAt = 0;
  total = 0;
  strays = 0;
  stale = 0;
  readonly problems = new Map<string, number>();

  reset(phaseStart: number): void {
    this.received.fill(0);
    this.lastSentAt.fill(0);
    Object.assign(this, { latencies: [], fromCommit: [], sentAts: [], phaseStart, lastAt: 0, total: 0, strays: 0, stale: 0 });
  }

  /**
   * `committedAt` comes from the event's `at`, an ISO time truncated to the millisecond; a change
   * cannot be logged before its write was sent, so it is taken as no earlier than sentAt (which
   * makes the floor's, whose `at` is its publish time, exact).
   */
  next(subscriber: number, sentAt: number, committedAt: number, now: number): void {
    if (sentAt < this.phaseStart) {
      this.strays++;
      return;
    }
    this.received[subscriber] = (this.received[subscriber] ?? 0) + 1;
    // Person fields resolve at delivery: a late event can carry a later write's state.
    if (sentAt <= (this.lastSentAt[subscriber] ?? 0)) this.stale++;
    this.lastSentAt[subscriber] = sentAt;
    this.latencies.push(now - sentAt);
    this.fromCommit.push(now - Math.max(committedAt, sentAt));
    this.sentAts.push(sentAt);
    this.lastAt = now;
    this.total++;
  }

  problem(what: string): void {
    this.problems.set(what, (this.problems.get(what) ?? 0) + 1);
  }
}

/** One connection speaking graphql-transport-ws with raw `ws`: subscribers first..first+count-1. */
function connect(url: string, first: number, count: number, personIds: readonly string[], deliveries: Deliveries, closing: { now: boolean }): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no connection_ack from ${url} within 10 s`));
    }, 10_000);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('error', (error) => {
      clearTimeout(timer);
      deliveries.problem(`socket error: ${error.message}`);
      reject(error);
    });
    socket.on('close', (code) => {
      if (!closing.now) deliveries.problem(`closed by server with ${code}`);
    });
    socket.on('message', (data) => {
      const now = epochNow();
      const message = JSON.parse((data as Buffer).toString()) as WireMessage;
      if (message.type === 'next') {
        const change = message.payload?.data?.profileChanged;
        const sentAt = change?.person?.traits?.sentAt;
        // `at` is wall-clock time, stamped by another process; `now` counts from this process's
        // start. Wall-clock steps (NTP) between the two would shift every latency: convert at
        // delivery, not once at start (one such step made every figure 8 s negative).
        const committedAt = typeof change?.at === 'string' ? Date.parse(change.at) - (Date.now() - now) : Number.NaN;
        if (typeof sentAt === 'number' && !Number.isNaN(committedAt) && !message.payload?.errors) deliveries.next(Number(message.id), sentAt, committedAt, now);
        else deliveries.problem(`event with errors (not counted): ${JSON.stringify(message.payload?.errors).slice(0, 160)}`);
      } else if (message.type === 'connection_ack') {
        clearTimeout(timer);
        for (let s = first; s < first + count; s++) {
          const variables = { id: personIds[s % personIds.length] };
          socket.send(JSON.stringify({ id: String(s), type: 'subscribe', payload: { query: SUBSCRIPTION, variables } }));
        }
        resolve(socket);
      } else if (message.type === 'ping') socket.send('{"type":"pong"}');
      else if (message.type === 'error') deliveries.problem(`subscription error: ${JSON.stringify(message.payload).slice(0, 160)}`);
      else if (message.type === 'complete') deliveries.problem('subscription completed by server');
    });
  });
}

async function openSubscribers(url: string, personIds: readonly string[], deliveries: Deliveries): Promise<() => Promise<void>> {
  const closing = { now: false };
  const sockets: WebSocket[] = [];
  const close = async (): Promise<void> => {
    closing.now = true;
    const closed = (socket: WebSocket) =>
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close(1000);
        setTimeout(() => socket.terminate(), 2000).unref();
      });
    await Promise.all(sockets.map(closed));
  };
  const subscribers = personIds.length * PER_PROFILE;
  const attempts = Array.from({ length: Math.ceil(subscribers / PER_CONNECTION) }, (_, c) =>
    connect(url, c * PER_CONNECTION, Math.min(PER_CONNECTION, subscribers - c * PER_CONNECTION), personIds, deliveries, closing).then((socket) => {
      sockets.push(socket);
    }),
  );
  const failed = (await Promise.allSettled(attempts)).find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return close;
}

type Write = (profile: number, sentAt: number) => Promise<void>;

/**
 * Sends writes round-robin over the people at `rate` per second for `durationMs` (open loop, at
 * most MAX_IN_FLIGHT at once; writes the target cannot take by the end are never sent).
 */
async function drive(rate: number, durationMs: number, write: Write) {
  const scheduled = Math.round((rate * durationMs) / 1000);
  const completed = new Int32Array(PROFILES);
  /** sentAt -> when the write answered. */
  const answered = new Map<number, number>();
  const inFlight = new Set<Promise<void>>();
  let failed = 0;
  let firstFailure = '';
  let sent = 0;
  const started = performance.now();
  while (sent < scheduled && performance.now() - started < durationMs) {
    const due = Math.min(scheduled, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    while (sent < due && inFlight.size < MAX_IN_FLIGHT) {
      const profile = sent++ % PROFILES;
      const sentAt = epochNow();
      const call: Promise<void> = write(profile, sentAt)
        .then(
          () => {
            completed[profile] = (completed[profile] ?? 0) + 1;
            answered.set(sentAt, epochNow());
          },
          (error: unknown) => {
            failed++;
            firstFailure ||= error instanceof Error ? error.message : String(error);
          },
        )
        .finally(() => inFlight.delete(call));
      inFlight.add(call);
    }
    await sleep(sent < due ? 1 : Math.max(0, started + (sent * 1000) / rate - performance.now()));
  }
  await Promise.all([...inFlight]);
  return { scheduled, sent, completed, answered, failed, firstFailure, wallMs: performance.now() - started };
}

/** Waits until `expected` deliveries arrived, or nothing arrived for 3 s (at most 15 s). */
async function drain(deliveries: Deliveries, expected: number): Promise<void> {
  const deadline = performance.now() + 15_000;
  let seen = deliveries.total;
  let idleSince = performance.now();
  while (deliveries.total < expected && performance.now() < deadline && performance.now() - idleSince < 3000) {
    await sleep(50);
    if (deliveries.total !== seen) [seen, idleSince] = [deliveries.total, performance.now()];
  }
}

/** Writes every person once per round until every subscriber has had an event: all subscriptions are live. */
async function warmUp(deliveries: Deliveries, write: Write): Promise<void> {
  deliveries.reset(0);
  for (let round = 0; round < 5 && deliveries.received.some((n) => n === 0); round++) {
    await Promise.all(Array.from({ length: PROFILES }, (_, p) => write(p, epochNow())));
    const until = performance.now() + 5000;
    while (deliveries.received.some((n) => n === 0) && performance.now() < until) await sleep(50);
  }
  const silent = deliveries.received.filter((n) => n === 0).length;
  if (silent > 0) throw new Error(`${silent} subscribers received nothing during warm-up; problems: ${JSON.stringify([...deliveries.problems])}`);
}

interface PhaseResult {
  /** Latency from each change's entry in the change log to its delivery. */
  readonly fromCommit: Stats;
  /** Latency from the send of each write to its delivery. */
  readonly fromSend: Stats;
  readonly notes: string;
}

async function phase(deliveries: Deliveries, rate: number, durationMs: number, write: Write): Promise<PhaseResult> {
  deliveries.problems.clear();
  deliveries.reset(epochNow());
  const driven = await drive(rate, durationMs, write);
  const writes = driven.completed.reduce((sum, n) => sum + n, 0);
  await drain(deliveries, writes * PER_PROFILE);
  let missing = 0;
  let extra = 0;
  deliveries.received.forEach((got, s) => {
    const want = driven.completed[s % PROFILES] ?? 0;
    missing += Math.max(0, want - got);
    extra += Math.max(0, got - want);
  });
  const wallMs = Math.max(deliveries.lastAt - deliveries.phaseStart, driven.wallMs);
  const fromSend = summarize(deliveries.latencies, wallMs);
  const fromCommit = summarize(deliveries.fromCommit, wallMs);
  const problems = [...deliveries.problems].map(([what, n]) => `${n}x ${what}`).join('; ');
  // Where the time goes: the write's own round trip, and delivery after the write answered.
  const roundTrips = summarize([...driven.answered].map(([sentAt, at]) => at - sentAt), 0);
  const afterAnswer = summarize(
    deliveries.sentAts.flatMap((sentAt, i) => [(deliveries.latencies[i] ?? 0) - ((driven.answered.get(sentAt) ?? Number.NaN) - sentAt)].filter((v) => !Number.isNaN(v))),
    0,
  );
  const ms = (stats: Stats): string => `p50 ${stats.p50Ms.toFixed(1)} / p99 ${stats.p99Ms.toFixed(1)} ms`;
  const notes = [
    `${rate} writes/s offered for ${durationMs / 1000} s: ${driven.sent}/${driven.scheduled} sent, ${writes} completed (${((writes / driven.wallMs) * 1000).toFixed(0)}/s)${driven.failed ? `, ${driven.failed} failed (${driven.firstFailure.slice(0, 160)})` : ''}`,
    `${deliveries.total}/${writes * PER_PROFILE} deliveries, ${missing} missing (not delivered when the drain gave up), ${extra} extra: every subscriber got every write: ${missing === 0 ? 'yes' : 'NO'}`,
    `write round trip (identify; for the floor, publish) ${ms(roundTrips)}; delivery after the write answered ${ms(afterAnswer)}`,
    ...(deliveries.stale > 0 ? [`${deliveries.stale} events carried a later write's sentAt (person resolved at delivery)`] : []),
    ...(deliveries.strays > 0 ? [`${deliveries.strays} events from before the phase ignored`] : []),
    ...(problems ? [problems] : []),
    `${rate} writes/s x ${PER_PROFILE} subscribers per person = ${rate * PER_PROFILE} deliveries/s offered at this layout`,
    `logged to delivery ${ms(fromCommit)}; write sent to delivery ${ms(fromSend)}`,
    `${TARGET}: p99 logged to delivery ${fromCommit.p99Ms < 100 ? 'met' : 'NOT met'}, p99 write sent to delivery ${fromSend.p99Ms < 100 ? 'met' : 'NOT met'}, deliveries/s ${fromCommit.perSecond >= 5000 ? 'met' : 'NOT met'}`,
  ].join('; ');
  return { fromCommit, fromSend, notes };
}

export const subscriptionsCase: BenchCase = {
  name: 'subscriptions',
  description: 'profileChanged write-to-delivery latency and deliveries/s, 1,000 graphql-ws subscribers, vs a bare graphql-ws server',
  async run(context) {
    const phases = context.quick ? [{ rate: 200, ms: 5000 }, { rate: 600, ms: 3000 }] : [{ rate: 200, ms: 15_000 }, { rate: 600, ms: 10_000 }];
    const settleMs = context.quick ? 2000 : 30_000;
    const run = randomUUID().slice(0, 8);
    const email = (p: number) => ({ type: 'EMAIL', value: `subs-${run}-${p}@example.com` });
    const identify = (p: number, traits: Record<string, unknown>) =>
      postGraphQL(context.gatewayUrl, IDENTIFY, { input: { identifiers: [email(p)], source: 'bench', traits } }, 'identify');

    context.log(`creating ${PROFILES} people through the gateway`);
    const personIds: string[] = [];
    let sampleTraits: Record<string, unknown> = {};
    for (let p = 0; p < PROFILES; p += 10) {
      const created = await Promise.all(Array.from({ length: 10 }, (_, i) => identify(p + i, { firstName: 'Bench', plan: 'free', sentAt: 0 })));
      for (const data of created) {
        const person = (data as { identify: { person: { id: string; traits: Record<string, unknown> } } }).identify.person;
        personIds.push(person.id);
        sampleTraits = person.traits;
      }
    }
    const gatewayWrite: Write = (p, sentAt) => identify(p, { sentAt }).then(() => undefined);
    const floor = await startFloorServer();
    let cursor = 1000;
    const floorWrite: Write = (p, sentAt) => {
      const id = personIds[p] ?? '';
      const payload: FloorPayload = {
        cursor: String(cursor++),
        kind: 'IDENTIFIED',
        personId: id,
        // Wall-clock, as the change log stamps it: delivery converts both the same way.
        at: new Date(Date.now()).toISOString(),
        person: { id, traits: { ...sampleTraits, sentAt } },
      };
      floor.publish(id, payload);
      return Promise.resolve();
    };

    const measured: { gateway: BenchRow[]; floor: BenchRow[] } = { gateway: [], floor: [] };
    const targets = [
      { key: 'gateway', url: context.gatewayUrl.replace(/^http/, 'ws'), write: gatewayWrite, label: 'gateway profileChanged' },
      { key: 'floor', url: floor.url, write: floorWrite, label: 'bare graphql-ws floor' },
    ] as const;
    try {
      for (const target of targets) {
        const deliveries = new Deliveries();
        context.log(`${target.label}: ${PROFILES * PER_PROFILE} subscribers on ${(PROFILES * PER_PROFILE) / PER_CONNECTION} connections`);
        const close = await openSubscribers(target.url, personIds, deliveries);
        try {
          await warmUp(deliveries, target.write);
          // An untimed run at the first rate: a fresh stack's JIT (Node's and, slower, Neo4j's)
          // settles during the first half minute of load, and that belongs to no steady state.
          if (target.key === 'gateway') await phase(deliveries, phases[0]!.rate, settleMs, target.write);
          for (const { rate, ms } of phases) {
            const { fromCommit, fromSend, notes } = await phase(deliveries, rate, ms, target.write);
            const name = `${target.label}, ${rate} writes/s`;
            context.log(`${name}: ${fromCommit.perSecond.toFixed(0)} deliveries/s; ${notes}`);
            measured[target.key].push(
              { case: 'subscriptions', name: `${name}, logged to delivery`, stats: fromCommit, notes },
              { case: 'subscriptions', name: `${name}, write sent to delivery`, stats: fromSend },
            );
          }
        } finally {
          await close();
        }
      }
    } finally {
      await floor.close();
    }
    return measured.floor.flatMap((floorRow, i) => [floorRow, ...measured.gateway.slice(i, i + 1).map((row) => compared(row, floorRow))]);
  },
};
