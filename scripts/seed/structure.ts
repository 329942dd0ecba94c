import { Faker, en, nl } from '@faker-js/faker';
import type { Population } from './people.js';
import type { Random } from './random.js';

/**
 * B2B and social structure around the people: an organization forest (uneven fan-out, depth up
 * to 8), current and former jobs, relationships inside households (spouses, parents) and across
 * them (friends, colleagues, referrals), and consents.
 */
export interface SeedOrganization {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly industry: string;
  readonly country: string;
  readonly parentId: string | null;
  readonly depth: number;
}

export interface SeedEmployment {
  readonly id: string;
  readonly person: number;
  readonly orgId: string;
  readonly title: string;
  readonly since: string;
  readonly until: string | null;
}

export interface SeedRelationship {
  readonly from: number;
  readonly to: number;
  readonly type: string;
  readonly since: string;
}

export interface SeedConsent {
  readonly person: number;
  readonly purpose: string;
  readonly granted: boolean;
  readonly source: string;
  readonly at: string;
}

export interface Structure {
  readonly organizations: SeedOrganization[];
  readonly employments: SeedEmployment[];
  readonly relationships: SeedRelationship[];
  readonly consents: SeedConsent[];
}

export const MAX_ORG_DEPTH = 8;
const DAY = 24 * 3600 * 1000;
const INDUSTRIES = ['Retail', 'Banking', 'Insurance', 'Logistics', 'Software', 'Healthcare', 'Energy', 'Telecom', 'Manufacturing', 'Education'];
const TITLES = ['Engineer', 'Account Manager', 'Buyer', 'Office Manager', 'CFO', 'Analyst', 'Consultant', 'Team Lead', 'Director', 'Sales Rep'];
const PURPOSES = ['marketing', 'analytics', 'personalisation', 'third-party'];

export function buildStructure(rnd: Random, seed: number, population: Population, now: number): Structure {
  const faker = new Faker({ locale: [nl, en] });
  faker.seed(seed + 7);
  const iso = (ms: number): string => new Date(ms).toISOString();

  const orgCount = Math.max(10, Math.round(population.people.length / 10));
  const roots = Math.max(3, Math.round(orgCount / 40));
  const organizations: SeedOrganization[] = [];
  const open: number[] = [];
  const domains = new Set<string>();
  for (let i = 0; i < orgCount; i++) {
    // Preferential attachment to a random open node: uneven trees, some deep, some wide.
    const parent = i < roots ? undefined : organizations[rnd.pick(open)];
    const depth = parent === undefined ? 0 : parent.depth + 1;
    const base = parent === undefined ? faker.company.name() : `${parent.name.split(' ')[0] ?? 'Org'} ${faker.location.city()}`;
    let domain = `${base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.${rnd.pick(['com', 'nl', 'eu', 'co.uk'])}`;
    if (domains.has(domain)) domain = `o${i}-${domain}`;
    domains.add(domain);
    organizations.push({
      id: `seed-org-${i}`,
      name: base,
      domain,
      industry: parent?.industry ?? rnd.pick(INDUSTRIES),
      country: rnd.chance(0.7) ? 'NL' : rnd.pick(['GB', 'DE', 'BE', 'US']),
      parentId: parent?.id ?? null,
      depth,
    });
    if (depth < MAX_ORG_DEPTH - 1) open.push(i);
  }

  const employments: SeedEmployment[] = [];
  const byOrg = new Map<string, number[]>();
  for (const person of population.people) {
    if (!rnd.chance(0.6)) continue;
    const org = rnd.pick(organizations);
    const since = person.createdAt - rnd.int(100, 4000) * DAY;
    employments.push({ id: `seed-job-${employments.length}`, person: person.index, orgId: org.id, title: rnd.pick(TITLES), since: iso(since), until: null });
    byOrg.set(org.id, [...(byOrg.get(org.id) ?? []), person.index]);
    if (rnd.chance(0.25)) {
      const former = rnd.pick(organizations);
      const start = since - rnd.int(400, 3000) * DAY;
      employments.push({ id: `seed-job-${employments.length}`, person: person.index, orgId: former.id, title: rnd.pick(TITLES), since: iso(start), until: iso(since - DAY) });
    }
  }

  const relationships: SeedRelationship[] = [];
  const since = (): string => iso(now - rnd.int(30, 3000) * DAY);
  for (const household of population.households) {
    const head = household.members[0];
    if (head === undefined) continue;
    for (const member of household.members.slice(1)) {
      if (member.role === 'PARTNER') relationships.push({ from: head.person, to: member.person, type: 'SPOUSE', since: since() });
      if (member.role === 'CHILD') relationships.push({ from: head.person, to: member.person, type: 'PARENT', since: since() });
    }
  }
  const people = population.people;
  for (const person of people) {
    const friends = rnd.int(0, 3);
    for (let k = 0; k < friends; k++) {
      const other = rnd.pick(people);
      if (other.index !== person.index) relationships.push({ from: person.index, to: other.index, type: 'FRIEND', since: since() });
    }
    if (rnd.chance(0.05)) {
      const other = rnd.pick(people);
      if (other.index !== person.index) relationships.push({ from: person.index, to: other.index, type: 'REFERRED_BY', since: since() });
    }
  }
  for (const colleagues of byOrg.values()) {
    for (let k = 1; k < colleagues.length && k < 20; k++) {
      relationships.push({ from: colleagues[k - 1]!, to: colleagues[k]!, type: rnd.chance(0.2) ? 'MANAGES' : 'COLLEAGUE', since: since() });
    }
  }
  // One stored relationship per unordered pair and type, as relatePeople keeps it.
  const seen = new Set<string>();
  const unique = relationships.filter((r) => {
    const key = `${Math.min(r.from, r.to)}:${Math.max(r.from, r.to)}:${r.type}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });

  const consents: SeedConsent[] = [];
  for (const person of people) {
    for (const purpose of PURPOSES) {
      if (!rnd.chance(0.5)) continue;
      const at = person.createdAt + rnd.int(0, 30) * DAY;
      consents.push({ person: person.index, purpose, granted: rnd.chance(0.7), source: rnd.pick(['webshop', 'crm', 'newsletter']), at: iso(at) });
      if (rnd.chance(0.15)) consents.push({ person: person.index, purpose, granted: rnd.chance(0.3), source: 'preference-center', at: iso(Math.min(now, at + rnd.int(30, 600) * DAY)) });
    }
  }
  return { organizations, employments, relationships: unique, consents };
}
