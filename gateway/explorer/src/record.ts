import { requestData } from './api.js';
import { badge, h, profileHref, replace, section, show, when } from './dom.js';
import { errorBox } from './errors.js';
import { traitSourcesQuery, type Profile, type TraitSourcesResult, type TraitValue } from './queries.js';

/** The gateway allows 15 aliases per operation; trait sources are asked for in chunks below that. */
const ALIASES_PER_REQUEST = 14;

async function traitSources(personId: string, names: readonly string[]): Promise<Map<string, TraitValue>> {
  const chunks: string[][] = [];
  for (let start = 0; start < names.length; start += ALIASES_PER_REQUEST) chunks.push(names.slice(start, start + ALIASES_PER_REQUEST));
  const results = await Promise.all(
    chunks.map((chunk) =>
      requestData<TraitSourcesResult>(traitSourcesQuery(chunk.length), { id: personId, ...Object.fromEntries(chunk.map((name, index) => [`n${index}`, name])) }),
    ),
  );
  const sources = new Map<string, TraitValue>();
  for (const result of results) {
    for (const value of Object.values(result.person ?? {})) if (value !== null) sources.set(value.name, value);
  }
  return sources;
}

/** The golden record: each trait's current value and where it came from (source, time, survivorship rule). */
export function goldenRecord(person: Profile): HTMLElement {
  const traits = person.traits ?? {};
  const names = Object.keys(traits).sort();
  const rows = new Map<string, HTMLTableRowElement>();
  const body = h('tbody', {});
  for (const name of names) {
    const row = h('tr', { 'data-trait': name }, h('th', { scope: 'row' }, name), h('td', { class: 'trait-value' }, show(traits[name])), h('td', { class: 'trait-source' }, '…'), h('td', {}, ''), h('td', { class: 'rule' }, ''));
    rows.set(name, row);
    body.append(row);
  }
  const card = section(
    'golden-record',
    'Golden record',
    names.length === 0
      ? h('p', { class: 'muted' }, person.traits === null ? 'Traits are not visible with this token.' : 'No traits yet.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'stack' }, h('thead', {}, h('tr', {}, h('th', {}, 'Trait'), h('th', {}, 'Value'), h('th', {}, 'Source'), h('th', {}, 'Observed'), h('th', {}, 'Rule'))), body)),
  );
  if (names.length > 0) {
    traitSources(person.id, names).then(
      (sources) => {
        for (const [name, row] of rows) {
          const source = sources.get(name);
          const cells = row.querySelectorAll('td');
          if (source === undefined) continue;
          replace(cells[1] as HTMLElement, badge(source.source, 'source'));
          replace(cells[2] as HTMLElement, when(source.observedAt));
          replace(cells[3] as HTMLElement, source.rule ?? '—');
        }
      },
      (error: unknown) => card.append(errorBox(error, 'Trait sources could not be loaded')),
    );
  }
  return card;
}

export function identifiersCard(person: Profile): HTMLElement {
  if (person.identifiers === null) return section('identifiers', 'Identifiers', h('p', { class: 'muted' }, 'Identifiers are not visible with this token.'));
  return section(
    'identifiers',
    'Identifiers',
    h(
      'ul',
      { class: 'plain' },
      ...person.identifiers.map((identifier) =>
        h(
          'li',
          { 'data-identifier': `${identifier.type}:${identifier.value}` },
          badge(identifier.type, 'id-type'),
          ' ',
          h('code', {}, identifier.value),
          h('span', { class: 'muted' }, ` from ${identifier.source}, ${identifier.rule}`),
          identifier.mergedFrom === null ? null : h('span', { class: 'muted' }, ' · came with merge of ', h('a', { href: profileHref(identifier.mergedFrom) }, identifier.mergedFrom)),
        ),
      ),
    ),
  );
}

export function consentsCard(person: Profile): HTMLElement {
  return section(
    'consents',
    'Consents',
    person.consents.length === 0
      ? h('p', { class: 'muted' }, 'No consent recorded.')
      : h(
          'ul',
          { class: 'plain' },
          ...person.consents.map((consent) =>
            h('li', { 'data-purpose': consent.purpose }, badge(consent.granted ? 'granted' : 'refused', consent.granted ? 'positive' : 'negative'), ` ${consent.purpose} `, h('span', { class: 'muted' }, `via ${consent.source}, `, when(consent.at))),
          ),
        ),
  );
}

export function mergeHistoryCard(person: Profile): HTMLElement {
  return section(
    'merge-history',
    'Merge history',
    person.mergeHistory.length === 0
      ? h('p', { class: 'muted' }, 'Never merged.')
      : h(
          'ul',
          { class: 'plain' },
          ...person.mergeHistory.map((merge) =>
            h(
              'li',
              { 'data-merged-id': merge.mergedId },
              h('a', { href: profileHref(merge.mergedId) }, merge.mergedId),
              ' merged in ',
              when(merge.at),
              h('span', { class: 'muted' }, ` by ${merge.rule}: ${merge.reason}`),
              merge.unmergedAt === null ? null : h('span', {}, ' · undone ', when(merge.unmergedAt)),
            ),
          ),
        ),
  );
}

/** The header of the profile: name, status and the numbers a person wants first. */
export function profileHeader(person: Profile): HTMLElement {
  const engagement = person.engagement;
  return h(
    'header',
    { class: 'profile-header card', id: 'profile-header' },
    h('h1', { id: 'profile-name' }, person.displayName ?? '(no name)'),
    h(
      'p',
      { class: 'muted' },
      badge(person.status, person.status === 'ACTIVE' ? 'positive' : 'negative'),
      ' ',
      badge(person.known ? 'known' : 'anonymous'),
      ' ',
      h('code', { id: 'profile-id' }, person.id),
      ' · created ',
      when(person.createdAt),
      ' · updated ',
      h('span', { id: 'profile-updated' }, when(person.updatedAt)),
    ),
    engagement === null
      ? null
      : h(
          'p',
          { id: 'engagement' },
          `Engagement ${engagement.score.toFixed(0)}/100 · ${engagement.lifecycleStage.toLowerCase().replace('_', ' ')} · ${engagement.interactionCount} interactions · last `,
          when(engagement.lastInteractionAt),
        ),
  );
}
