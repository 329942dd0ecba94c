import { ConfigError, readInt, readString, type Env } from '../config.js';
import { IDENTIFIER_TYPES, type IdentifierType } from './identifiers.js';
import { SURVIVORSHIP_RULES, type SurvivorshipRule } from './traits.js';

/** How identity resolution decides; read once from the environment. */
export interface IdentityConfig {
  /**
   * Most identifiers of a type one person may hold. A merge or attach that would exceed a limit
   * is refused and reported as a MergeBlock. Env IDENTITY_LIMITS="CUSTOMER_ID=1,USER_ID=1".
   * @default { CUSTOMER_ID: 1 }
   */
  readonly limits: Readonly<Partial<Record<IdentifierType, number>>>;
  /**
   * Normalised values that identify nobody (placeholders typed into forms); ignored on input.
   * Env IDENTITY_BLOCKED_VALUES adds to the defaults, comma-separated.
   */
  readonly blockedValues: ReadonlySet<string>;
  /** Which person survives a merge: the one holding the highest-priority identifier type, then the oldest. */
  readonly priority: readonly IdentifierType[];
  /** Cap on identifiers per person. Env IDENTITY_MAX_IDENTIFIERS. @default 100 */
  readonly maxIdentifiers: number;
  /** Region for phone numbers written without a country code. Env PHONE_DEFAULT_REGION. @default "NL" */
  readonly phoneRegion: string;
  /** Survivorship per trait; traits not named use `defaultRule`. Env TRAIT_RULES="lastName=source-priority". */
  readonly traitRules: Readonly<Record<string, SurvivorshipRule>>;
  /** Env TRAIT_DEFAULT_RULE. @default "most-recent" */
  readonly defaultRule: SurvivorshipRule;
  /** Most trusted source first, for the source-priority rule. Env SOURCE_PRIORITY="crm,erp,web". */
  readonly sourcePriority: readonly string[];
}

export const DEFAULT_BLOCKED_VALUES: readonly string[] = [
  'test@test.com',
  'test@example.com',
  'example@example.com',
  'noreply@example.com',
  'null',
  'undefined',
  'unknown',
  'none',
  'n/a',
  'na',
  '-',
  '0',
  '0000000000',
  '1234567890',
  '+0000000000',
];

function pairs(raw: string, name: string): [string, string][] {
  if (raw.trim() === '') return [];
  return raw.split(',').map((pair) => {
    const [key, value] = pair.split('=').map((part) => part.trim());
    if (!key || !value) throw new ConfigError(`${name} expects "KEY=VALUE,..." but has ${JSON.stringify(pair)}`);
    return [key, value];
  });
}

function isRule(value: string): value is SurvivorshipRule {
  return (SURVIVORSHIP_RULES as readonly string[]).includes(value);
}

function isType(value: string): value is IdentifierType {
  return (IDENTIFIER_TYPES as readonly string[]).includes(value);
}

export function readIdentityConfig(env: Env): IdentityConfig {
  const limits: Partial<Record<IdentifierType, number>> = { CUSTOMER_ID: 1 };
  for (const [type, raw] of pairs(env['IDENTITY_LIMITS'] ?? '', 'IDENTITY_LIMITS')) {
    const value = Number(raw);
    if (!isType(type) || !Number.isInteger(value) || value < 1) {
      throw new ConfigError(`IDENTITY_LIMITS expects TYPE=N with a type of ${IDENTIFIER_TYPES.join('|')} and N >= 1, but has ${JSON.stringify(`${type}=${raw}`)}`);
    }
    limits[type] = value;
  }
  const traitRules: Record<string, SurvivorshipRule> = {};
  for (const [trait, rule] of pairs(env['TRAIT_RULES'] ?? '', 'TRAIT_RULES')) {
    if (!isRule(rule)) throw new ConfigError(`TRAIT_RULES expects rules of ${SURVIVORSHIP_RULES.join('|')}, but has ${JSON.stringify(rule)}`);
    traitRules[trait] = rule;
  }
  const defaultRule = readString(env, 'TRAIT_DEFAULT_RULE', 'most-recent');
  if (!isRule(defaultRule)) throw new ConfigError(`TRAIT_DEFAULT_RULE expects one of ${SURVIVORSHIP_RULES.join('|')}, but is ${JSON.stringify(defaultRule)}`);
  const extraBlocked = (env['IDENTITY_BLOCKED_VALUES'] ?? '').split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
  return {
    limits,
    blockedValues: new Set([...DEFAULT_BLOCKED_VALUES, ...extraBlocked]),
    priority: ['CUSTOMER_ID', 'USER_ID', 'EMAIL', 'PHONE', 'EXTERNAL', 'DEVICE_ID', 'ANONYMOUS_ID'],
    maxIdentifiers: readInt(env, 'IDENTITY_MAX_IDENTIFIERS', 100, 1, 10_000),
    phoneRegion: readString(env, 'PHONE_DEFAULT_REGION', 'NL').toUpperCase(),
    traitRules,
    defaultRule,
    sourcePriority: (env['SOURCE_PRIORITY'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
  };
}

let cached: IdentityConfig | undefined;

/** The process's identity configuration, read from process.env on first use. */
export function identityConfig(): IdentityConfig {
  cached ??= readIdentityConfig(process.env);
  return cached;
}
