import { afterAll, describe, expect, inject, it } from 'vitest';
import { extractContext } from '../subgraphs/interaction/src/context/extract.js';
import { unique } from './helpers/database.js';
import { graphqlData } from './helpers/graphql.js';
import { createOrganization, identify } from './helpers/operations.js';
import { HELD_OUT_SNIPPETS, SNIPPETS, type Snippet } from './fixtures/context-snippets.js';
import { accuracy, mentionLabels, scoreSnippet, type SnippetScore } from './fixtures/context-score.js';
import { recordInteractions } from './fixtures/interactions.js';

/**
 * Context extraction measured on realistic English and Dutch chats, e-mails and call
 * transcripts. Language and mentions are deterministic and must be right for every snippet;
 * sentiment and intents come from a rule classifier, whose accuracy is printed and held to a floor.
 */
const gateway = inject('gatewayUrl');
const scores: SnippetScore[] = [];
const heldOut: SnippetScore[] = [];

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function report(name: string, rows: readonly SnippetScore[]): ReturnType<typeof accuracy> {
  const result = accuracy(rows);
  console.log(
    `context extraction, ${name} (${result.snippets} snippets): language ${percent(result.language)}, sentiment label ${percent(result.sentiment)}, ` +
      `intents exact ${percent(result.intentsExact)} (precision ${percent(result.intentPrecision)}, recall ${percent(result.intentRecall)}), ` +
      `mentions recall ${percent(result.mentionRecall)}, linkable-mention precision ${percent(result.keyedMentionPrecision)}`,
  );
  for (const row of rows.filter((r) => !r.sentiment || !r.intentsExact || r.missing.length > 0)) console.log(`  miss: ${row.id}`);
  return result;
}

afterAll(() => {
  report('tuning set', scores);
  report('held-out set', heldOut);
});

describe('context extraction on a table of conversations', () => {
  it('has at least 30 snippets in both languages and all three channels', () => {
    expect(SNIPPETS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(SNIPPETS.map((s) => s.language))).toEqual(new Set(['en', 'nl']));
    expect(new Set(SNIPPETS.map((s) => s.channel))).toEqual(new Set(['CHAT', 'EMAIL', 'PHONE']));
  });

  it.each(SNIPPETS.map((snippet) => [snippet.id, snippet] as [string, Snippet]))('%s', (_id, snippet) => {
    const context = extractContext(snippet.channel, snippet.text);
    const score = scoreSnippet(snippet, context);
    scores.push(score);
    expect(context?.language).toBe(snippet.language);
    expect(mentionLabels(context)).toEqual(expect.arrayContaining([...snippet.mentions]));
    expect(score.unexpectedKeyed).toEqual([]);
    expect(context?.sentiment).toBeGreaterThanOrEqual(-1);
    expect(context?.sentiment).toBeLessThanOrEqual(1);
  });

  it('gets sentiment and intents right often enough on the tuning set', () => {
    const result = accuracy(scores);
    expect(result.snippets).toBe(SNIPPETS.length);
    expect(result.sentiment).toBeGreaterThanOrEqual(0.9);
    expect(result.intentsExact).toBeGreaterThanOrEqual(0.9);
  });

  it('generalises to snippets it was not tuned on', () => {
    heldOut.push(...HELD_OUT_SNIPPETS.map((snippet) => scoreSnippet(snippet, extractContext(snippet.channel, snippet.text))));
    const result = accuracy(heldOut);
    expect(result.language).toBe(1);
    expect(result.sentiment).toBeGreaterThanOrEqual(0.75);
    expect(result.intentsExact).toBeGreaterThanOrEqual(0.75);
    expect(result.mentionRecall).toBeGreaterThanOrEqual(0.75);
  });

  it('reads only conversations', () => {
    expect(extractContext('WEB', 'I hate this page')).toBeNull();
    expect(extractContext('CHAT', '   ')).toBeNull();
  });
});

interface ContextShape {
  language: string;
  sentiment: number;
  sentimentLabel: string;
  intents: string[];
  topics: string[];
  mentions: { kind: string; text: string; key: string | null; person: { id: string } | null; organization: { id: string } | null }[];
}

describe('context stored with the interaction', () => {
  it('links mentions to the profile holding the e-mail or phone and the organization owning the domain', async () => {
    const email = `${unique('mention')}@example.org`;
    const phone = `+3161${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const mentioned = await identify(gateway, [{ type: 'EMAIL', value: email }]);
    const byPhone = await identify(gateway, [{ type: 'PHONE', value: phone }]);
    const domain = `${unique('acme')}.com`;
    const organization = await createOrganization(gateway, { name: 'Acme', domain });
    const customer = await identify(gateway, [{ type: 'USER_ID', value: unique('customer') }]);
    const [recorded] = await recordInteractions(gateway, [
      {
        person: { id: customer.id },
        channel: 'CHAT',
        type: 'support_chat',
        content: `My colleague ${email.toUpperCase()} (phone ${phone}) placed order 7712345 on www.${domain} and it is still not delivered. Terrible, I want a refund!`,
      },
    ]);
    const data = await graphqlData<{ interaction: { context: ContextShape } }>(
      gateway,
      `query($id: ID!) { interaction(id: $id) { context { language sentiment sentimentLabel intents topics
        mentions { kind text key person { id } organization { id } } } } }`,
      { id: recorded?.id },
    );
    const context = data.interaction.context;
    expect({ language: context.language, label: context.sentimentLabel }).toEqual({ language: 'en', label: 'NEGATIVE' });
    expect(context.intents).toEqual(expect.arrayContaining(['REFUND', 'DELIVERY']));
    expect(context.sentiment).toBeLessThan(0);
    expect(context.topics).toEqual(expect.arrayContaining(['delivery', 'returns']));
    const byKind = (key: string) => context.mentions.find((mention) => mention.key === key);
    expect(byKind(`EMAIL:${email}`)?.person?.id).toBe(mentioned.id);
    expect(byKind(`PHONE:${phone}`)?.person?.id).toBe(byPhone.id);
    expect(byKind(`DOMAIN:${domain}`)?.organization?.id).toBe(organization);
    expect(byKind('ORDER:7712345')).toMatchObject({ kind: 'ORDER_NUMBER', person: null, organization: null });
  });

  it('has no context for interactions that are not conversations', async () => {
    const customer = await identify(gateway, [{ type: 'USER_ID', value: unique('customer') }]);
    const [recorded] = await recordInteractions(gateway, [{ person: { id: customer.id }, channel: 'WEB', type: 'page_view', content: 'terrible' }]);
    const data = await graphqlData<{ interaction: { context: unknown } }>(gateway, 'query($id: ID!) { interaction(id: $id) { context { language } } }', { id: recorded?.id });
    expect(data.interaction.context).toBeNull();
  });
});
