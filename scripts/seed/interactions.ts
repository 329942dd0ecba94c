import { extractContext } from '../../subgraphs/interaction/src/context/extract.js';
import type { ExtractedContext } from '../../subgraphs/interaction/src/context/types.js';
import { EMPTY_AGGREGATE, fold } from '../../subgraphs/interaction/src/engagement/aggregate.js';
import { factFromStored } from '../../subgraphs/interaction/src/engagement/facts.js';
import type { InteractionWrite } from '../../subgraphs/interaction/src/cypher.js';
import type { EngagementWrite } from '../../subgraphs/interaction/src/engagement/update.js';
import type { TruePerson } from './people.js';
import type { Random } from './random.js';

/**
 * Interactions with realistic time patterns: sessions of a few events, more in the evening and on
 * weekdays, recent months busier than old ones; conversations (chat, e-mail, call transcripts) in
 * the person's language from short templates. Rows have the shape CREATE_INTERACTIONS takes, with
 * context computed by the interaction subgraph's own extraction, and the engagement aggregate is
 * folded by its own code, so the data reads exactly like API-written data.
 */
type Channel = 'WEB' | 'MOBILE' | 'EMAIL' | 'CHAT' | 'PHONE' | 'SMS' | 'STORE' | 'SOCIAL';

const CHANNELS: readonly (readonly [Channel, number])[] = [
  ['WEB', 40], ['MOBILE', 20], ['EMAIL', 12], ['CHAT', 6], ['PHONE', 4], ['SMS', 5], ['STORE', 9], ['SOCIAL', 4],
];
const TYPES: Record<Channel, readonly (readonly [string, number])[]> = {
  WEB: [['page_view', 60], ['product_viewed', 25], ['add_to_cart', 10], ['order_completed', 5]],
  MOBILE: [['screen_view', 60], ['product_viewed', 25], ['order_completed', 5], ['app_opened', 10]],
  EMAIL: [['email_opened', 55], ['email_clicked', 25], ['email_received', 20]],
  CHAT: [['chat', 1]],
  PHONE: [['call', 1]],
  SMS: [['sms_delivered', 70], ['sms_clicked', 30]],
  STORE: [['purchase', 70], ['return', 10], ['store_visit', 20]],
  SOCIAL: [['mention', 50], ['direct_message', 50]],
};
const HOURS: readonly (readonly [number, number])[] = Array.from({ length: 24 }, (_, h) => [h, h < 7 ? 1 : h < 12 ? 6 : h < 18 ? 8 : h < 23 ? 10 : 3] as const);
const PRODUCTS = ['sneakers', 'winter jacket', 'coffee machine', 'headphones', 'sofa', 'phone case', 'yoga mat', 'desk lamp'];
const PRODUCTS_NL = ['sneakers', 'winterjas', 'koffiemachine', 'koptelefoon', 'bank', 'telefoonhoesje', 'yogamat', 'bureaulamp'];

const TEMPLATES: Record<'en' | 'nl', Record<'CHAT' | 'EMAIL' | 'PHONE', readonly string[]>> = {
  en: {
    CHAT: [
      'Customer: Hi, my {p} has not arrived yet and the tracking has not changed for days.\nAgent: Sorry to hear that, let me check the delivery for you.\nCustomer: Thanks, I really need it this week.',
      'Customer: I want to cancel my subscription, it is too expensive.\nAgent: I understand. Can I offer you a discount?\nCustomer: No thanks, please cancel it.',
      'Customer: Great service, the {p} is perfect! Can I order a second one?\nAgent: Of course, happy to help.',
    ],
    EMAIL: [
      'Hello,\n\nI was charged twice for my {p}. Please refund the second payment as soon as possible.\n\nRegards',
      'Hi team,\n\nThank you for the quick delivery of the {p}. Very happy with it!\n\nBest wishes',
      'Dear support,\n\nI cannot log in to my account since the update. Can you reset my password?\n\nThanks',
    ],
    PHONE: [
      'Agent: Good morning, how can I help?\nCaller: I would like to upgrade my plan to the premium version.\nAgent: Certainly, I will arrange that.',
      'Agent: Hello, customer service.\nCaller: My {p} is broken after one week, this is unacceptable. I want my money back.\nAgent: I am sorry, I will start a return.',
    ],
  },
  nl: {
    CHAT: [
      'Klant: Hoi, mijn {p} is nog steeds niet bezorgd en de track and trace staat al dagen stil.\nMedewerker: Vervelend, ik kijk het even voor u na.\nKlant: Dank je, ik heb het deze week echt nodig.',
      'Klant: Ik wil mijn abonnement opzeggen, het is te duur.\nMedewerker: Dat begrijp ik. Mag ik u korting aanbieden?\nKlant: Nee dank je, zeg het maar op.',
      'Klant: Super service, de {p} is perfect! Kan ik er nog een bestellen?\nMedewerker: Natuurlijk, graag gedaan.',
    ],
    EMAIL: [
      'Beste klantenservice,\n\nIk heb twee keer betaald voor mijn {p}. Graag het tweede bedrag terugstorten.\n\nMet vriendelijke groet',
      'Hallo,\n\nBedankt voor de snelle levering van de {p}. Heel tevreden!\n\nGroetjes',
      'Beste,\n\nIk kan sinds de update niet meer inloggen op mijn account. Kunnen jullie mijn wachtwoord resetten?\n\nBedankt',
    ],
    PHONE: [
      'Medewerker: Goedemorgen, waarmee kan ik u helpen?\nBeller: Ik wil graag mijn abonnement upgraden naar premium.\nMedewerker: Zeker, dat regel ik voor u.',
      'Medewerker: Goedendag, klantenservice.\nBeller: Mijn {p} is na een week al kapot, dit is onacceptabel. Ik wil mijn geld terug.\nMedewerker: Sorry, ik start een retour.',
    ],
  },
};

const contextCache = new Map<string, ExtractedContext | null>();
function contextOf(channel: string, content: string): ExtractedContext | null {
  const key = `${channel}\u0000${content}`;
  let found = contextCache.get(key);
  if (found === undefined) {
    found = extractContext(channel, content);
    contextCache.set(key, found);
  }
  return found;
}

const DAY = 24 * 3600 * 1000;

/** One person's interactions and the engagement aggregate they add up to. */
export function interactionsOf(rnd: Random, person: TruePerson, personId: string, mean: number, now: number): { rows: InteractionWrite[]; engagement: EngagementWrite | null } {
  const total = rnd.heavy(mean);
  const rows: InteractionWrite[] = [];
  const span = Math.max(DAY, now - person.createdAt);
  while (rows.length < total) {
    // Later sessions are likelier (sqrt skews toward now); a session is 1-6 events minutes apart.
    const day = new Date(person.createdAt + Math.sqrt(rnd.next()) * span);
    if ((day.getUTCDay() === 0 || day.getUTCDay() === 6) && rnd.chance(0.35)) continue;
    day.setUTCHours(rnd.weighted(HOURS), rnd.int(0, 59), rnd.int(0, 59), 0);
    let at = Math.min(now - 1000, day.getTime());
    const session = Math.min(total - rows.length, rnd.int(1, 6));
    const channel = rnd.weighted(CHANNELS);
    for (let s = 0; s < session; s++) {
      const type = rnd.weighted(TYPES[channel]);
      const properties: Record<string, unknown> = {};
      const products = person.locale === 'nl' ? PRODUCTS_NL : PRODUCTS;
      const product = rnd.pick(products);
      if (type === 'order_completed' || type === 'purchase') properties['revenue'] = Math.round(rnd.int(500, 25_000)) / 100;
      if (type === 'page_view' || type === 'screen_view') properties['path'] = rnd.pick(['/', '/sale', '/new', `/p/${rnd.int(1, 500)}`, '/account']);
      if (type === 'product_viewed' || type === 'add_to_cart') properties['product'] = product;
      let content: string | null = null;
      if (channel === 'CHAT' || channel === 'PHONE' || (channel === 'EMAIL' && type === 'email_received')) {
        content = rnd.pick(TEMPLATES[person.locale][channel]).replace('{p}', product);
      }
      const context = content === null ? null : contextOf(channel, content);
      const n = rows.length;
      rows.push({
        id: `seed-i-${person.index}-${n}`,
        personId,
        channel,
        type,
        occurredAt: new Date(at).toISOString(),
        properties: JSON.stringify(properties),
        content,
        messageId: `seed-i-${person.index}-${n}`,
        language: context?.language ?? null,
        sentiment: context?.sentiment ?? null,
        sentimentLabel: context?.sentimentLabel ?? null,
        intents: context === null ? null : [...context.intents],
        topics: context === null ? null : [...context.topics],
        mentions: context === null ? null : JSON.stringify(context.mentions),
        links: [],
      });
      at = Math.min(now - 1000, at + rnd.int(20, 900) * 1000);
    }
  }
  if (rows.length === 0) return { rows, engagement: null };
  const facts = rows.map((row) =>
    factFromStored({
      channel: row.channel,
      type: row.type,
      properties: row.properties,
      sentiment: row.sentiment,
      sentimentLabel: row.sentimentLabel as never,
      intents: row.intents as never,
      occurredAt: row.occurredAt,
    }),
  );
  const aggregate = fold(EMPTY_AGGREGATE, facts, new Date(now));
  return { rows, engagement: { personId, aggregate: JSON.stringify(aggregate), count: aggregate.count } };
}
