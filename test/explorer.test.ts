import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createExplorerHandler } from '../gateway/src/explorer.js';
import { openBrowser, ensureExplorerBuilt, type BrowserSession } from './helpers/browser.js';
import { unique } from './helpers/database.js';
import { graphqlData } from './helpers/graphql.js';
import { addEmployment, addHouseholdMember, createHousehold, createOrganization, identify, recordInteraction, relatePeople } from './helpers/operations.js';

/**
 * The Customer 360 explorer end to end: the built page served by the real gateway of the test
 * stack, driven in Debian's headless Chromium, every piece of data made through the public API
 * first. Screenshots land in test-results/explorer/.
 */
const gateway = inject('gatewayUrl');
const origin = new URL(gateway).origin;
const token = inject('auth').adminToken;

interface World {
  readonly u: string;
  readonly lastName: string;
  readonly email: string;
  readonly customerId: string;
  readonly ada: string;
  readonly bob: string;
  readonly cat: string;
  readonly dan: string;
  readonly merged: string;
  readonly household: string;
  readonly root: string;
  readonly europe: string;
  readonly employer: string;
}

/** Ada (head of a household with her spouse Bob, CTO at a subsidiary three levels down), Bob's friend Cat, Cat's friend Dan. */
async function makeWorld(): Promise<World> {
  const u = unique('x').slice(2).replace(/-/g, '');
  const lastName = `Lovelace${u}`;
  const email = `ada.${u}@example.com`;
  const customerId = `C-${u}`;
  const ada = (await identify(gateway, [{ type: 'EMAIL', value: email }, { type: 'CUSTOMER_ID', value: customerId }], { traits: { firstName: 'Ada', lastName, city: 'London' }, source: 'crm' })).id;
  await identify(gateway, [{ type: 'EMAIL', value: email }], { traits: { city: 'Amsterdam' }, source: 'web' });
  const bob = (await identify(gateway, [{ type: 'USER_ID', value: `bob-${u}` }], { traits: { firstName: 'Bob', lastName } })).id;
  const cat = (await identify(gateway, [{ type: 'USER_ID', value: `cat-${u}` }], { traits: { firstName: 'Cat', lastName: `Friend${u}` } })).id;
  const dan = (await identify(gateway, [{ type: 'USER_ID', value: `dan-${u}` }], { traits: { firstName: 'Dan', lastName: `Far${u}` } })).id;
  const merged = (await identify(gateway, [{ type: 'USER_ID', value: `ada-app-${u}` }], { traits: { nickname: 'Addie' }, source: 'app' })).id;
  await graphqlData(gateway, 'mutation($s: ID!, $m: ID!) { mergePeople(survivorId: $s, mergedId: $m, reason: "same person per support call") { mergedId } }', { s: ada, m: merged });
  await graphqlData(gateway, 'mutation($p: ID!) { setConsent(personId: $p, purpose: "email_marketing", granted: true, source: "web") { granted } }', { p: ada });
  const household = await createHousehold(gateway, `${lastName} household`);
  await addHouseholdMember(gateway, household, ada, 'HEAD');
  await addHouseholdMember(gateway, household, bob, 'PARTNER');
  await relatePeople(gateway, ada, bob, 'SPOUSE');
  await relatePeople(gateway, bob, cat, 'FRIEND');
  await relatePeople(gateway, cat, dan, 'FRIEND');
  const root = await createOrganization(gateway, { name: `Acme Holding ${u}`, domain: `holding-${u}.example` });
  const europe = await createOrganization(gateway, { name: `Acme Europe ${u}`, domain: `europe-${u}.example`, parentId: root });
  await createOrganization(gateway, { name: `Acme Americas ${u}`, domain: `americas-${u}.example`, parentId: root });
  const employer = await createOrganization(gateway, { name: `Acme Netherlands ${u}`, domain: `nl-${u}.example`, parentId: europe, country: 'NL' });
  await addEmployment(gateway, ada, employer, 'CTO');
  // 14 interactions an hour apart: every third a chat, alternately a complaint and a happy upgrade.
  const inputs = Array.from({ length: 14 }, (_, i) => {
    const chat = i % 3 === 0;
    return {
      person: { id: ada },
      channel: chat ? 'CHAT' : i % 3 === 1 ? 'WEB' : 'EMAIL',
      type: chat ? 'support_chat' : i % 3 === 1 ? 'page_view' : 'email_open',
      occurredAt: new Date(Date.now() - (i + 1) * 3_600_000).toISOString(),
      content: chat ? (i % 2 === 0 ? 'My delivery is late again, this is terrible. I want a refund.' : 'Thanks, great service! I would like to upgrade my plan.') : null,
      properties: { page: `/p/${i}` },
      messageId: `explorer-${u}-${i}`,
    };
  });
  await graphqlData(gateway, 'mutation($in: [InteractionInput!]!) { recordInteractions(inputs: $in) { id } }', { in: inputs });
  return { u, lastName, email, customerId, ada, bob, cat, dan, merged, household, root, europe, employer };
}

const nodeIds = async (page: Page, selector = '#network-graph'): Promise<string[]> => ((await page.getAttribute(selector, 'data-node-ids')) ?? '').split(' ').filter((id) => id !== '');

/** Taps a node of the network drawing where it is on screen, as a user would, and waits for the panel to describe it. */
async function tapNode(page: Page, id: string): Promise<void> {
  await page.waitForSelector('#network-graph[data-layout="done"]');
  await page.locator('#network-graph').scrollIntoViewIfNeeded();
  for (let attempt = 1; ; attempt++) {
    // Cytoscape learns where its canvas is from scroll events, which arrive a frame after a scroll.
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    // The page's cytoscape instance (window.explorerGraphs) tells where the node is drawn.
    const position = await page.evaluate<{ x: number; y: number } | null>(`(() => {
      const cy = window.explorerGraphs && window.explorerGraphs.network;
      const node = cy && cy.getElementById(${JSON.stringify(id)});
      return !node || node.empty() ? null : node.renderedPosition();
    })()`);
    if (position === null) throw new Error(`node ${id} is not drawn`);
    await page.locator('#network-graph').click({ position });
    try {
      await page.waitForSelector(`#network-panel[data-node-id="${id}"]`, { timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
}

/** expect.poll with room for a busy two-core CI machine (its default gives up after one second). */
function eventually<T>(read: () => T | Promise<T>): ReturnType<typeof expect.poll<T>> {
  return expect.poll(read, { timeout: 20_000, interval: 100 });
}

let world: World;
let browser: BrowserSession;

beforeAll(async () => {
  ensureExplorerBuilt();
  world = await makeWorld();
  browser = await openBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

describe('Customer 360 explorer', () => {
  it('is served by the gateway at /explorer, and says how to build it when the build is missing', async () => {
    const page = await fetch(`${origin}/explorer`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await page.text();
    const script = /src="(\/explorer\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${origin}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${origin}/explorer/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${origin}/explorer`, { method: 'POST' })).status).toBe(405);

    // Without a build: 503 with the command that makes one.
    const server = createServer((req, res) => {
      void createExplorerHandler(join(tmpdir(), `no-explorer-${world.u}`))(req, res).then((handled) => {
        if (!handled) res.writeHead(418).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const missing = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/explorer/`);
      expect(missing.status).toBe(503);
      expect(await missing.text()).toContain('npm run build');
    } finally {
      server.close();
    }
  });

  it('at 1280 px: shows error codes, searches, opens a profile with its network, hierarchy and timeline, and follows changes live', async () => {
    const page = await browser.newPage(1280);
    await page.goto(`${origin}/explorer`);
    await eventually(() => page.getAttribute('#live-marker', 'data-state')).toBe('off');

    // No token yet: the gateway says UNAUTHENTICATED, and the page shows code and message.
    await page.fill('#search-input', world.lastName);
    await page.click('#search-form button[type=submit]');
    await page.waitForSelector('#search-status .error');
    expect(await page.textContent('#search-status .error-code')).toBe('UNAUTHENTICATED');
    expect(await page.textContent('#search-status .error-message')).toContain('Authorization');
    await browser.screenshot(page, 'error-unauthenticated-1280');

    await page.fill('#token-input', token);
    await page.click('#token-save');
    expect(await page.evaluate<string | null>("localStorage.getItem('cdp-explorer-token')")).toBe(token);
    await page.click('#search-form button[type=submit]');
    await page.waitForSelector(`#search-results [data-person-id="${world.ada}"]`);
    await page.waitForSelector(`#search-results [data-person-id="${world.bob}"]`);
    await browser.screenshot(page, 'search-1280');

    // Any identifier finds its person exactly.
    await page.fill('#search-input', world.customerId);
    await page.click('#search-form button[type=submit]');
    await page.waitForSelector(`#search-results [data-person-id="${world.ada}"]`);
    expect(await page.locator('#search-results .result').count()).toBe(1);

    // The profile: golden record with sources, identifiers, consents, merges, identity graph.
    await page.click(`#search-results [data-person-id="${world.ada}"] a`);
    await page.waitForSelector('#profile-name');
    expect(await page.textContent('#profile-name')).toBe(`Ada ${world.lastName}`);
    await eventually(() => page.textContent('#golden-record tr[data-trait="city"] .trait-source')).toBe('web');
    expect(await page.textContent('#golden-record tr[data-trait="city"] .trait-value')).toBe('Amsterdam');
    expect(await page.textContent('#golden-record tr[data-trait="nickname"] .trait-source')).toBe('app');
    await page.waitForSelector(`#identifiers [data-identifier="EMAIL:${world.email}"]`);
    await page.waitForSelector(`#identifiers [data-identifier="USER_ID:ada-app-${world.u}"]`);
    expect(await page.textContent('#consents [data-purpose="email_marketing"]')).toContain('granted');
    expect(await page.textContent(`#merge-history [data-merged-id="${world.merged}"]`)).toContain('same person per support call');
    await eventually(() => nodeIds(page, '#identity-canvas')).toEqual(expect.arrayContaining([world.ada, world.merged]));

    // The network: Ada, her household, Bob, Bob's friend Cat (two hops) and her employer; Dan is three hops away.
    await eventually(() => nodeIds(page)).toEqual(expect.arrayContaining([world.ada, world.bob, world.cat, world.household, world.employer]));
    expect(await nodeIds(page)).not.toContain(world.dan);
    await tapNode(page, world.cat);
    await eventually(() => nodeIds(page)).toContain(world.dan);
    await eventually(() => page.textContent('#network-panel')).toContain('expanded');
    expect(await page.getAttribute('#network-open', 'href')).toBe(`#/person/${world.cat}`);

    // The employer's account tree from the ultimate parent, employer marked; then the same from the graph.
    await page.waitForSelector(`#hierarchy [data-root-id="${world.root}"]`);
    expect(await page.getAttribute(`#hierarchy details[data-org-id="${world.employer}"]`, 'data-focus')).toBe('employer');
    expect(await page.getAttribute(`#hierarchy details[data-org-id="${world.employer}"]`, 'data-depth')).toBe('2');
    expect(await page.locator('#hierarchy details.org').count()).toBe(4);
    await tapNode(page, world.employer);
    await eventually(() => nodeIds(page)).toContain(world.europe);
    await page.click('#network-hierarchy');
    await page.waitForSelector(`#hierarchy details[data-org-id="${world.employer}"][data-focus="selected"]`);

    // The timeline: ten first, the rest when scrolled to; sentiment and intents; a channel filter.
    await eventually(() => page.getAttribute('#timeline-list', 'data-count')).toBe('10');
    await page.locator('#timeline-end').scrollIntoViewIfNeeded();
    await eventually(() => page.getAttribute('#timeline-list', 'data-count')).toBe('14');
    const complaint = page.locator('#timeline-list .interaction[data-channel="CHAT"]').first();
    expect(await complaint.locator('.sentiment').getAttribute('data-sentiment')).toBe('NEGATIVE');
    expect(await complaint.textContent()).toContain('refund');
    await page.selectOption('#timeline-channel', 'CHAT');
    await eventually(() => page.getAttribute('#timeline-list', 'data-count')).toBe('5');
    expect(await page.locator('#timeline-list .interaction:not([data-channel="CHAT"])').count()).toBe(0);
    // All channels again: from the first page, and more as far as the end of the list is in view.
    await page.selectOption('#timeline-channel', '');
    await eventually(async () => Number(await page.getAttribute('#timeline-list', 'data-count'))).toBeGreaterThanOrEqual(10);
    expect(await page.locator('#timeline-list .interaction[data-channel="WEB"]').count()).toBeGreaterThan(0);
    await page.evaluate('window.scrollTo(0, 0)');
    await browser.screenshot(page, 'profile-1280');

    // Live: changes made through the API reach the open page.
    await eventually(() => page.getAttribute('#live-marker', 'data-state')).toBe('live');
    await identify(gateway, [{ type: 'EMAIL', value: world.email }], { traits: { tier: `platinum-${world.u}` }, source: 'pos' });
    await eventually(() => page.textContent('#golden-record tr[data-trait="tier"] .trait-value')).toBe(`platinum-${world.u}`);
    await eventually(() => page.textContent('#golden-record tr[data-trait="tier"] .trait-source')).toBe('pos');
    const eve = (await identify(gateway, [{ type: 'USER_ID', value: `eve-${world.u}` }], { traits: { firstName: 'Eve' } })).id;
    await relatePeople(gateway, world.ada, eve, 'COLLEAGUE');
    await eventually(() => nodeIds(page)).toContain(eve);
    const chat = await recordInteraction(gateway, { person: { id: world.ada }, channel: 'CHAT', type: 'support_chat', content: 'Where is my parcel? I want to cancel my subscription.' });
    await eventually(() => page.getAttribute('#timeline-list .interaction:first-child', 'data-interaction-id')).toBe(chat);
    expect(await page.locator('#change-log li').count()).toBeGreaterThanOrEqual(3);
    expect(await page.textContent('#change-log')).toContain('RELATIONSHIP_CHANGED');
    await page.evaluate('window.scrollTo(0, 0)');
    await browser.screenshot(page, 'profile-1280-after-live-changes');

    // Open a profile from the graph: tap Cat, then "Open profile".
    await tapNode(page, world.cat);
    await page.click('#network-open');
    await eventually(() => page.textContent('#profile-name')).toBe(`Cat Friend${world.u}`);
    await eventually(() => nodeIds(page)).toEqual(expect.arrayContaining([world.cat, world.bob, world.dan]));
    await page.close();
  }, 180_000);

  it('at 390 px: search and the profile fit the width of a phone', async () => {
    const page = await browser.newPage(390);
    await page.goto(`${origin}/explorer`);
    await page.evaluate(`localStorage.setItem('cdp-explorer-token', ${JSON.stringify(token)})`);
    await page.goto(`${origin}/explorer/#/search?q=${encodeURIComponent(world.lastName)}&type=ANY`);
    await page.reload();
    await page.waitForSelector(`#search-results [data-person-id="${world.ada}"]`);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await browser.screenshot(page, 'search-390');

    await page.click(`#search-results [data-person-id="${world.ada}"] a`);
    await page.waitForSelector('#profile-name');
    await eventually(() => nodeIds(page)).toEqual(expect.arrayContaining([world.ada, world.bob, world.household, world.employer]));
    await page.waitForSelector(`#hierarchy [data-root-id="${world.root}"]`);
    await eventually(() => page.getAttribute('#timeline-list', 'data-count')).toBe('10');
    await eventually(() => page.getAttribute('#live-marker', 'data-state')).toBe('live');
    const width = await page.evaluate<{ page: number; graph: number }>("({ page: document.documentElement.scrollWidth, graph: document.querySelector('#network-graph').getBoundingClientRect().right })");
    expect(width.page).toBeLessThanOrEqual(390);
    expect(width.graph).toBeLessThanOrEqual(390);
    await browser.screenshot(page, 'profile-390');
    await page.close();
    // The only errors the pages logged are the refused requests of the no-token step.
    expect(browser.problems.filter((problem) => !problem.includes('401'))).toEqual([]);
  }, 120_000);
});
