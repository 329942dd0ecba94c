import { Faker, en, en_GB, nl } from '@faker-js/faker';
import { normalizeIdentifier, type IdentifierInput } from '@cdp/shared';
import type { Random } from './random.js';

/**
 * People as they really are (the ground truth) and the source records that describe them as the
 * sources saw them: case, spacing and format variants of e-mail and phone that normalise to the
 * same identifier, and typos that do not. 30% start as anonymous visitors and identify later.
 * People are generated household by household, so members share a family name and an address.
 */
export interface TruePerson {
  readonly index: number;
  readonly locale: 'nl' | 'en';
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
  readonly customerId: string | null;
  readonly createdAt: number;
  readonly household: number;
}

export interface SeedRecord {
  readonly messageId: string;
  readonly person: number;
  readonly source: string;
  readonly identifiers: IdentifierInput[];
  readonly traits: Record<string, unknown>;
  readonly observedAt: string;
}

export interface SeedHousehold {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly members: { readonly person: number; readonly role: string }[];
}

export interface Population {
  readonly people: TruePerson[];
  readonly records: SeedRecord[];
  readonly households: SeedHousehold[];
}

const DAY = 24 * 3600 * 1000;
const MAIL_DOMAINS: Record<'nl' | 'en', readonly string[]> = {
  nl: ['gmail.com', 'hotmail.nl', 'outlook.com', 'ziggo.nl', 'kpnmail.nl', 'live.nl', 'xs4all.nl', 'icloud.com'],
  en: ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'hotmail.co.uk', 'icloud.com', 'btinternet.com', 'proton.me'],
};
const HOUSEHOLD_SIZES: readonly (readonly [number, number])[] = [[1, 28], [2, 35], [3, 15], [4, 13], [5, 6], [6, 3]];
const RECORD_COUNTS: readonly (readonly [number, number])[] = [[1, 40], [2, 30], [3, 18], [4, 8], [5, 4]];
const SOURCES = ['webshop', 'crm', 'pos', 'newsletter', 'support', 'mobile-app'] as const;

function ascii(text: string): string {
  return text.normalize('NFD').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

function keyOf(input: IdentifierInput): string | null {
  try {
    return normalizeIdentifier(input, 'seed').key;
  } catch {
    return null;
  }
}

/** Same e-mail, as different systems wrote it. All normalise to one identifier. */
function emailVariant(rnd: Random, email: string): string {
  switch (rnd.int(0, 4)) {
    case 0:
      return email.toUpperCase();
    case 1:
      return email.replace(/(^|[.@])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase());
    case 2:
      return `  ${email} `;
    default:
      return email;
  }
}

/** Same phone, formatted as people type it. All normalise to one E.164 number. */
function phoneVariant(rnd: Random, e164: string): string {
  if (!e164.startsWith('+31')) return rnd.chance(0.5) ? e164 : `00${e164.slice(1)}`;
  const national = e164.slice(3); // 6xxxxxxxx
  switch (rnd.int(0, 5)) {
    case 0:
      return `+31 6 ${national.slice(1, 5)} ${national.slice(5)}`;
    case 1:
      return `0${national.slice(0, 1)}-${national.slice(1)}`;
    case 2:
      return `0031${national}`;
    case 3:
      return `0${national.slice(0, 1)} ${national.slice(1, 3)} ${national.slice(3, 5)} ${national.slice(5, 7)} ${national.slice(7)}`;
    case 4:
      return `(0${national.slice(0, 1)}) ${national.slice(1)}`;
    default:
      return e164;
  }
}

export class PopulationBuilder {
  private readonly used = new Set<string>();
  private readonly fakers: Record<'nl' | 'en', Faker>;

  constructor(
    private readonly rnd: Random,
    seed: number,
    private readonly now: number,
  ) {
    this.fakers = { nl: new Faker({ locale: [nl, en] }), en: new Faker({ locale: [en_GB, en] }) };
    this.fakers.nl.seed(seed);
    this.fakers.en.seed(seed + 1);
  }

  build(count: number): Population {
    const people: TruePerson[] = [];
    const records: SeedRecord[] = [];
    const households: SeedHousehold[] = [];
    while (people.length < count) {
      const size = Math.min(count - people.length, this.rnd.weighted(HOUSEHOLD_SIZES));
      const locale = this.rnd.chance(0.7) ? 'nl' : 'en';
      const faker = this.fakers[locale];
      const familyName = faker.person.lastName();
      const address = JSON.stringify({
        street: faker.location.streetAddress(),
        postcode: faker.location.zipCode(),
        city: faker.location.city(),
        country: locale === 'nl' ? 'NL' : 'GB',
      });
      const household: SeedHousehold = {
        id: `seed-household-${households.length}`,
        name: locale === 'nl' ? `Familie ${familyName}` : `The ${familyName} household`,
        address,
        members: [],
      };
      for (let m = 0; m < size; m++) {
        const role = m === 0 ? 'HEAD' : m === 1 && size > 1 && this.rnd.chance(0.8) ? 'PARTNER' : this.rnd.chance(0.85) ? 'CHILD' : 'OTHER';
        const lastName = role === 'PARTNER' && this.rnd.chance(0.4) ? faker.person.lastName() : familyName;
        const person = this.person(people.length, locale, faker, lastName, households.length);
        people.push(person);
        household.members.push({ person: person.index, role });
        records.push(...this.recordsOf(person, JSON.parse(address) as Record<string, unknown>));
      }
      households.push(household);
    }
    records.sort((a, b) => (a.observedAt < b.observedAt ? -1 : a.observedAt > b.observedAt ? 1 : 0));
    return { people, records, households };
  }

  private claim(input: IdentifierInput): boolean {
    const key = keyOf(input);
    if (key === null || this.used.has(key)) return false;
    this.used.add(key);
    return true;
  }

  private person(index: number, locale: 'nl' | 'en', faker: Faker, lastName: string, household: number): TruePerson {
    const firstName = faker.person.firstName();
    let email = '';
    for (let attempt = 0; ; attempt++) {
      const local = `${ascii(firstName)}${this.rnd.pick(['.', '', '_'])}${ascii(lastName)}${attempt > 0 || this.rnd.chance(0.3) ? this.rnd.int(1, 999) : ''}`;
      email = `${local || 'user'}@${this.rnd.pick(MAIL_DOMAINS[locale])}`;
      if (this.claim({ type: 'EMAIL', value: email })) break;
    }
    let phone = '';
    for (;;) {
      phone =
        locale === 'nl'
          ? `+316${this.rnd.int(1, 5)}${String(this.rnd.int(0, 9_999_999)).padStart(7, '0')}`
          : `+447${this.rnd.int(4, 9)}${String(this.rnd.int(0, 99_999_999)).padStart(8, '0')}`;
      if (this.claim({ type: 'PHONE', value: phone })) break;
    }
    const createdAt = this.now - this.rnd.int(30, 3 * 365) * DAY - this.rnd.int(0, DAY);
    const customerId = this.rnd.chance(0.6) ? `C${String(1_000_000 + index)}` : null;
    return { index, locale, firstName, lastName, email, phone, customerId, createdAt, household };
  }

  /** A typo that normalises to a different identifier no one else holds; null when none was found. */
  private typo(person: TruePerson, type: 'EMAIL' | 'PHONE'): IdentifierInput | null {
    for (let attempt = 0; attempt < 5; attempt++) {
      let value: string;
      if (type === 'EMAIL') {
        const [local = '', domain = ''] = person.email.split('@');
        const i = this.rnd.int(0, Math.max(0, local.length - 2));
        const swapped = local.slice(0, i) + local.charAt(i + 1) + local.charAt(i) + local.slice(i + 2);
        value = this.rnd.chance(0.5) && swapped !== local ? `${swapped}@${domain}` : `${local}@${domain.replace('mail', 'mial').replace('look', 'lok')}`;
      } else {
        const i = this.rnd.int(person.phone.length - 7, person.phone.length - 1);
        value = person.phone.slice(0, i) + String((Number(person.phone.charAt(i)) + this.rnd.int(1, 9)) % 10) + person.phone.slice(i + 1);
      }
      const input: IdentifierInput = { type, value };
      if (this.claim(input)) return input;
    }
    return null;
  }

  private recordsOf(person: TruePerson, address: Record<string, unknown>): SeedRecord[] {
    const rnd = this.rnd;
    const out: SeedRecord[] = [];
    let at = person.createdAt;
    const add = (source: string, identifiers: IdentifierInput[], traits: Record<string, unknown>): void => {
      out.push({
        messageId: `seed-${person.index}-${out.length}`,
        person: person.index,
        source,
        identifiers,
        traits,
        observedAt: new Date(at).toISOString(),
      });
      at = Math.min(this.now - 60_000, at + rnd.int(1, 120) * DAY * rnd.next() + rnd.int(60_000, DAY));
    };
    const name = (): Record<string, unknown> =>
      rnd.chance(0.15)
        ? { firstName: person.firstName.toLowerCase(), lastName: person.lastName.toUpperCase() }
        : { firstName: person.firstName, lastName: person.lastName };
    const email = (): IdentifierInput => ({ type: 'EMAIL', value: emailVariant(rnd, person.email) });
    const phone = (): IdentifierInput => ({ type: 'PHONE', value: phoneVariant(rnd, person.phone) });

    let anonymousId: string | null = null;
    if (rnd.chance(0.3)) {
      anonymousId = `anon-${person.index.toString(36)}-${rnd.int(0, 2 ** 30).toString(36)}`;
      add('web', [{ type: 'ANONYMOUS_ID', value: anonymousId }], { landingPage: rnd.pick(['/', '/sale', '/blog', '/pricing']) });
    }
    const count = rnd.weighted(RECORD_COUNTS);
    for (let r = 0; r < count; r++) {
      const first = r === 0;
      const source = first ? (anonymousId !== null ? 'webshop' : rnd.pick(SOURCES)) : rnd.pick(SOURCES);
      const identifiers: IdentifierInput[] = [];
      if (first && anonymousId !== null) identifiers.push({ type: 'ANONYMOUS_ID', value: anonymousId });
      switch (source) {
        case 'crm':
          if (person.customerId !== null) identifiers.push({ type: 'CUSTOMER_ID', value: person.customerId });
          identifiers.push(email());
          if (rnd.chance(0.7)) identifiers.push(phone());
          break;
        case 'pos':
          identifiers.push(phone());
          break;
        case 'mobile-app':
          identifiers.push({ type: 'DEVICE_ID', value: `dev-${person.index.toString(36)}-${r}` }, email());
          break;
        case 'support':
          identifiers.push(rnd.chance(0.5) ? email() : phone());
          break;
        default:
          identifiers.push(email());
      }
      // Some later records carry a typo: alone (no exact identifier links it: not expected to
      // merge) or next to a correct identifier (links it, and the typo joins the profile).
      if (!first && rnd.chance(0.08)) {
        const typo = this.typo(person, rnd.chance(0.5) ? 'EMAIL' : 'PHONE');
        if (typo !== null) {
          if (rnd.chance(0.5)) identifiers.splice(0, identifiers.length, typo);
          else identifiers.push(typo);
        }
      }
      const traits: Record<string, unknown> = { ...name(), language: person.locale };
      if (rnd.chance(0.5)) traits['city'] = address['city'];
      if (rnd.chance(0.3)) traits['address'] = address['street'];
      add(source, identifiers, traits);
    }
    return out;
  }
}
