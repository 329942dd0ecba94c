import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { ApiError, ErrorCode, badInput, notFound, runQuery, show, type Database } from '@cdp/shared';
import * as cypher from './cypher-organizations.js';
import { MAX_DEPTH, nameArg, optionalText } from './limits.js';

export interface CreateOrganizationInput {
  readonly name: string;
  readonly domain?: string | null;
  readonly parentId?: string | null;
  readonly industry?: string | null;
  readonly country?: string | null;
}

/** Fields left out stay; domain, industry and country given as null are cleared. */
export interface UpdateOrganizationInput {
  readonly name?: string | null;
  readonly domain?: string | null;
  readonly industry?: string | null;
  readonly country?: string | null;
}

const MAX_INDUSTRY_LENGTH = 100;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A domain as people type it ("https://www.Example.com/about", "EXAMPLE.com.") becomes the one
 * form stored and looked up: the host name, lower-case, without "www." or a trailing dot;
 * international names in their ASCII (punycode) form.
 */
export function normalizeDomain(raw: string, field = 'domain'): string {
  const refuse = (): ApiError =>
    badInput(`${field} expects a domain name such as "example.com", but got ${show(raw)}.`, { field, value: raw });
  const text = raw.trim();
  if (text === '' || text.length > 2048) throw refuse();
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).hostname;
  } catch {
    throw refuse();
  }
  const domain = host.replace(/\.$/, '').replace(/^www\./, '');
  const labels = domain.split('.');
  if (domain.length > 253 || labels.length < 2 || !labels.every((label) => LABEL.test(label)) || /^\d+$/.test(labels.at(-1) ?? '')) {
    throw refuse();
  }
  return domain;
}

function normalizeCountry(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (!/^[A-Za-z]{2}$/.test(value.trim())) {
    throw badInput(`country expects an ISO 3166-1 alpha-2 code such as "NL", but got ${show(value)}.`, { field: 'country' });
  }
  return value.trim().toUpperCase();
}

async function requireFreeDomain(tx: ManagedTransaction, db: Database, domain: string, ownerId: string | null): Promise<void> {
  const [taken] = await db.count(runQuery(tx, { text: cypher.ORGANIZATION_ID_BY_DOMAIN, params: { domain } }));
  if (taken && taken['id'] !== ownerId) {
    throw new ApiError(
      ErrorCode.CONFLICT,
      `domain expects a domain no other organization has, but ${show(domain)} belongs to organization ${show(taken['id'])}.`,
      { field: 'domain', domain, organizationId: taken['id'] },
    );
  }
}

/**
 * Makes `id` a subsidiary of `parentId` (or a root), inside the caller's transaction. The moved
 * organization and the parent's chain are locked first, then the cycle and depth checks read
 * the committed state, so concurrent moves cannot close a cycle between them.
 */
export async function reparentInTx(tx: ManagedTransaction, db: Database, id: string, parentId: string | null): Promise<void> {
  const [locked] = await db.count(runQuery(tx, { text: cypher.LOCK_FOR_REPARENT, params: { id, parentId } }));
  if (!locked) throw notFound('organization', id);
  if (parentId !== null) {
    if ((locked['chain'] as string[]).length === 0) throw notFound('organization', parentId);
    const [check] = await db.count(runQuery(tx, { text: cypher.CHECK_REPARENT, params: { id, parentId } }));
    const cycle = check?.['cycle'] as string[] | null | undefined;
    if (cycle !== null && cycle !== undefined && cycle.length > 0) {
      const message =
        parentId === id
          ? `parentId expects an organization other than ${show(id)} and outside its subtree, but got ${show(id)} itself.`
          : `parentId expects an organization outside the subtree of ${show(id)}, but got ${show(parentId)}, which is below it: ${cycle.map((node) => show(node)).join(' → ')}.`;
      throw new ApiError(ErrorCode.HIERARCHY_CYCLE, message, { id, parentId, cycle });
    }
    const levels = Number(check?.['parentDepth'] ?? 0) + 1 + Number(check?.['height'] ?? 0);
    if (levels > MAX_DEPTH) {
      throw badInput(
        `parentId expects an organization under which the hierarchy stays at most ${MAX_DEPTH} levels deep, but under ${show(parentId)} the subtree of ${show(id)} would reach ${levels} levels.`,
        { field: 'parentId', id, parentId, levels },
      );
    }
  }
  await db.count(runQuery(tx, { text: cypher.SET_PARENT, params: { id, parentId, now: new Date().toISOString() } }));
}

export async function createOrganization(db: Database, input: CreateOrganizationInput): Promise<string> {
  const name = nameArg('name', input.name);
  const domain = input.domain === undefined || input.domain === null ? null : normalizeDomain(input.domain);
  const industry = optionalText('industry', input.industry, MAX_INDUSTRY_LENGTH);
  const country = normalizeCountry(input.country);
  return db.write(async (tx) => {
    if (domain !== null) await requireFreeDomain(tx, db, domain, null);
    const id = randomUUID();
    await db.count(
      runQuery(tx, {
        text: cypher.CREATE_ORGANIZATION,
        params: { id, name, domain, industry, country, now: new Date().toISOString() },
      }),
    );
    if (input.parentId !== undefined && input.parentId !== null) await reparentInTx(tx, db, id, input.parentId);
    return id;
  });
}

export async function updateOrganization(db: Database, id: string, input: UpdateOrganizationInput): Promise<string> {
  const changes: Record<string, string | null> = {};
  if ('name' in input) changes['name'] = nameArg('name', input.name);
  if ('domain' in input) changes['domain'] = input.domain === null || input.domain === undefined ? null : normalizeDomain(input.domain);
  if ('industry' in input) changes['industry'] = optionalText('industry', input.industry, MAX_INDUSTRY_LENGTH);
  if ('country' in input) changes['country'] = normalizeCountry(input.country);
  return db.write(async (tx) => {
    const [exists] = await db.count(runQuery(tx, { text: cypher.ORGANIZATION_EXISTS, params: { id } }));
    if (!exists) throw notFound('organization', id);
    const domain = changes['domain'];
    if (domain !== undefined && domain !== null) await requireFreeDomain(tx, db, domain, id);
    await db.count(runQuery(tx, { text: cypher.UPDATE_ORGANIZATION, params: { id, changes } }));
    return id;
  });
}

export async function setParentOrganization(db: Database, id: string, parentId: string | null): Promise<string> {
  await db.write((tx) => reparentInTx(tx, db, id, parentId));
  return id;
}
