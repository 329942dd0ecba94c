/**
 * Household evidence from profile facts: who shares a family name and an address or a phone.
 * Pure functions, so the rules are the same when suggesting and when a suggestion is accepted.
 */

export type EvidenceKind = 'ADDRESS' | 'PHONE';

export interface HouseholdEvidence {
  readonly kind: EvidenceKind;
  /** The shared value as the first of them has it. */
  readonly value: string;
  readonly personIds: string[];
}

export interface SuggestedGroup {
  readonly lastName: string;
  /** The shared address trait as stored, when the group shares one. */
  readonly address: unknown;
  readonly personIds: string[];
  readonly evidence: HouseholdEvidence[];
}

/** What the graph says about one person: JSON traits as stored and PHONE identifier values. */
export interface PersonFacts {
  readonly id: string;
  readonly traits: string | null;
  readonly phones: readonly string[];
}

/** Larger groups are almost always bad data (an office address, a shared switchboard), not a household. */
export const MAX_HOUSEHOLD_SUGGESTION_SIZE = 12;

const LAST_NAME_TRAITS = ['lastName', 'last_name', 'familyName', 'surname'] as const;
/** Address fields in reading order; an address object with none of them is compared on all its values. */
const ADDRESS_FIELDS = [
  'street', 'line1', 'address1', 'addressLine1', 'houseNumber', 'number', 'line2', 'address2', 'addressLine2',
  'postalCode', 'postcode', 'zip', 'zipCode', 'city', 'town', 'country',
] as const;

function parseTraits(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Compared without case, accents, spaces or punctuation: "Main St. 1" and "main st 1" are one address. */
function squash(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

function scalarText(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

export function addressKey(address: unknown): string | null {
  let text: string;
  if (typeof address === 'string') {
    text = address;
  } else if (typeof address === 'object' && address !== null && !Array.isArray(address)) {
    const record = address as Record<string, unknown>;
    const known = ADDRESS_FIELDS.map((field) => scalarText(record[field])).filter((part) => part !== null);
    const parts = known.length > 0 ? known : Object.keys(record).sort().map((key) => scalarText(record[key])).filter((part) => part !== null);
    text = parts.join(' ');
  } else {
    return null;
  }
  const key = squash(text);
  // A key this short (a bare country or house number) says nothing about living together.
  return key.length >= 6 ? key : null;
}

function phoneKey(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const digits = value.replace(/[^\d+]/g, '');
  return /^\+?\d{6,15}$/.test(digits) ? digits : null;
}

interface Keyed {
  readonly id: string;
  readonly lastName: string;
  readonly address: unknown;
  readonly keys: { kind: EvidenceKind; key: string; shown: string }[];
}

function keyed(person: PersonFacts): Keyed | null {
  const traits = parseTraits(person.traits);
  const lastName = LAST_NAME_TRAITS.map((name) => traits[name]).find((value): value is string => typeof value === 'string' && value.trim() !== '');
  if (lastName === undefined) return null;
  const keys: Keyed['keys'] = [];
  const address = addressKey(traits['address']);
  if (address !== null) {
    keys.push({ kind: 'ADDRESS', key: address, shown: typeof traits['address'] === 'string' ? traits['address'] : JSON.stringify(traits['address']) });
  }
  for (const phone of [...person.phones, traits['phone']]) {
    const key = phoneKey(phone);
    if (key !== null) keys.push({ kind: 'PHONE', key, shown: String(phone) });
  }
  return keys.length === 0 ? null : { id: person.id, lastName: lastName.trim(), address: traits['address'], keys };
}

/**
 * Groups people with the same family name (compared like addresses) who are linked, directly or
 * through each other, by a shared address or phone. Each group lists every shared value as
 * evidence. Groups of one, and groups larger than MAX_HOUSEHOLD_SUGGESTION_SIZE, are dropped.
 * Strongest first: both kinds of evidence, then more evidence, then more people.
 */
export function groupHouseholds(people: readonly PersonFacts[]): SuggestedGroup[] {
  const byName = new Map<string, Keyed[]>();
  for (const person of people) {
    const facts = keyed(person);
    if (facts === null) continue;
    const name = squash(facts.lastName);
    byName.set(name, [...(byName.get(name) ?? []), facts]);
  }
  const groups: SuggestedGroup[] = [];
  for (const family of byName.values()) {
    if (family.length < 2) continue;
    groups.push(...linkedGroups(family));
  }
  const strength = (group: SuggestedGroup): number[] => [
    new Set(group.evidence.map((evidence) => evidence.kind)).size,
    group.evidence.length,
    group.personIds.length,
  ];
  return groups.sort((a, b) => {
    const [sa, sb] = [strength(a), strength(b)];
    for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return (sb[i] ?? 0) - (sa[i] ?? 0);
    return a.lastName.localeCompare(b.lastName) || (a.personIds[0] ?? '').localeCompare(b.personIds[0] ?? '');
  });
}

/** Connected components over shared keys, by union-find. */
function linkedGroups(family: readonly Keyed[]): SuggestedGroup[] {
  const parent = family.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const holders = new Map<string, { kind: EvidenceKind; shown: string; members: number[] }>();
  family.forEach((person, index) => {
    for (const { kind, key, shown } of person.keys) {
      const id = `${kind}:${key}`;
      const holder = holders.get(id) ?? { kind, shown, members: [] };
      if (!holder.members.includes(index)) holder.members.push(index);
      holders.set(id, holder);
    }
  });
  for (const holder of holders.values()) {
    for (const member of holder.members.slice(1)) parent[find(member)] = find(holder.members[0]!);
  }
  const components = new Map<number, number[]>();
  family.forEach((_, index) => components.set(find(index), [...(components.get(find(index)) ?? []), index]));
  const groups: SuggestedGroup[] = [];
  for (const members of components.values()) {
    if (members.length < 2 || members.length > MAX_HOUSEHOLD_SUGGESTION_SIZE) continue;
    const inGroup = new Set(members);
    const evidence = [...holders.values()]
      .filter((holder) => holder.members.length > 1 && holder.members.every((member) => inGroup.has(member)))
      .map((holder) => ({ kind: holder.kind, value: holder.shown, personIds: holder.members.map((member) => family[member]!.id).sort() }))
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value));
    const sharedAddress = evidence.find((item) => item.kind === 'ADDRESS');
    // The family name as the person with the smallest id writes it: the same whatever order people were read in.
    const first = members.map((member) => family[member]!).sort((a, b) => a.id.localeCompare(b.id))[0]!;
    groups.push({
      lastName: first.lastName,
      address: sharedAddress ? family.find((person) => person.id === sharedAddress.personIds[0])?.address ?? null : null,
      personIds: members.map((member) => family[member]!.id).sort(),
      evidence,
    });
  }
  return groups;
}
