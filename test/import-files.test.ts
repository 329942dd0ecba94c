import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '@cdp/shared';
import { unique } from './helpers/database.js';
import { graphqlData } from './helpers/graphql.js';

/** `npm run import` as a real process against the test stack: NDJSON event histories and CSV contact exports. */
const gateway = inject('gatewayUrl');
const folder = mkdtempSync(join(tmpdir(), 'cdp-import-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runImport(file: string, ...extra: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import/run.ts', file, ...extra], {
      cwd: REPO_ROOT,
      env: { ...process.env, INTERACTION_URL: inject('subgraphUrls').interaction, INTERNAL_SIGNING_SECRET: inject('auth').signingSecret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function person(type: string, value: string) {
  const data = await graphqlData<{
    personByIdentifier: { id: string; traits: Record<string, unknown>; identifiers: { type: string; value: string }[]; interactions: { edges: { node: { type: string } }[] } } | null;
  }>(
    gateway,
    `query($type: IdentifierType!, $value: String!) { personByIdentifier(type: $type, value: $value) {
      id traits identifiers { type value } interactions(first: 100) { edges { node { type } } } } }`,
    { type, value },
  );
  return data.personByIdentifier;
}

describe('npm run import', () => {
  it('streams an NDJSON event history, reports bad lines by number, and is idempotent', async () => {
    const user = unique('imp-user');
    const anonymous = unique('imp-anon');
    const lines = [
      JSON.stringify({ type: 'page', anonymousId: anonymous, name: 'Home', timestamp: '2026-01-01T10:00:00Z' }),
      JSON.stringify({ type: 'identify', userId: user, anonymousId: anonymous, traits: { firstName: 'Imke' } }),
      '{ not json',
      JSON.stringify({ type: 'track', userId: user, event: 'Order Completed', properties: { revenue: 30 }, timestamp: '2026-01-02T10:00:00Z' }),
      '',
      JSON.stringify({ type: 'track', userId: user }),
      JSON.stringify({ type: 'track', userId: 'unknown', event: 'Placeholder' }),
      ...Array.from({ length: 40 }, (_, i) => JSON.stringify({ type: 'track', userId: user, event: 'Product Viewed', messageId: `${user}-${i}`, timestamp: `2026-01-03T10:${String(i).padStart(2, '0')}:00Z` })),
    ];
    const file = join(folder, 'events.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const first = await runImport(file, '--batch=10');
    expect(first.code).toBe(1);
    const summary = JSON.parse(first.stdout) as { records: number; imported: number; bad: number; badLines: { line: number; reason: string }[] };
    expect({ records: summary.records, imported: summary.imported, bad: summary.bad }).toEqual({ records: 46, imported: 43, bad: 3 });
    expect(summary.badLines.map((bad) => bad.line)).toEqual([3, 6, 7]);
    expect(summary.badLines[1]?.reason).toContain('event expects the name of the action');
    expect(summary.badLines[2]?.reason).toContain('placeholder');
    expect(first.stderr).toContain('line 3: expects one JSON object per line');
    expect(first.stderr).toMatch(/\[#+\] 100\.0%/);

    const found = await person('USER_ID', user);
    expect(found?.traits).toMatchObject({ firstName: 'Imke' });
    const types = found?.interactions.edges.map((edge) => edge.node.type) ?? [];
    expect(types.filter((type) => type === 'product_viewed')).toHaveLength(40);
    expect(types).toEqual(expect.arrayContaining(['order_completed', 'page_view']));

    const second = await runImport(file, '--batch=10');
    expect(JSON.parse(second.stdout)).toMatchObject({ imported: 43, bad: 3 });
    const again = await person('USER_ID', user);
    expect(again?.interactions.edges).toHaveLength(types.length);
  });

  it('streams a CSV contact export into profiles, reporting bad rows by line', async () => {
    const email = `${unique('imp')}@example.org`;
    const customerId = unique('cust');
    const file = join(folder, 'contacts.csv');
    writeFileSync(
      file,
      [
        'email,phone,firstName,lastName,customerId',
        `${email.toUpperCase()},+31 6 11223344,Sanne,de Vries,${customerId}`,
        'not-an-email,,Bad,Row,',
        ',,No,Identifiers,',
        `"${unique('quoted')}@example.org",,"Jan, Jr.",Jansen,`,
      ].join('\n'),
    );
    const run = await runImport(file, '--source=crm');
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as { imported: number; badLines: { line: number; reason: string }[] };
    expect(summary.imported).toBe(2);
    expect(summary.badLines.map((bad) => bad.line)).toEqual([3, 4]);
    expect(summary.badLines[0]?.reason).toContain('email: Identifier EMAIL expects an address like "name@example.com", but got "not-an-email".');
    const found = await person('EMAIL', email);
    expect(found?.traits).toMatchObject({ firstName: 'Sanne', lastName: 'de Vries' });
    expect(found?.identifiers).toEqual(expect.arrayContaining([{ type: 'CUSTOMER_ID', value: customerId }, { type: 'PHONE', value: '+31611223344' }]));
  });

  it('refuses a file it cannot read with exit code 2', async () => {
    const run = await runImport(join(folder, 'missing.csv'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot be read');
  });
});
