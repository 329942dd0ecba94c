import { ApiError, request, requestData } from './api.js';
import { h, profileHref, replace } from './dom.js';
import { errorBox } from './errors.js';
import {
  IDENTIFIER_TYPES,
  PERSON_BY_ANY_IDENTIFIER,
  PERSON_BY_IDENTIFIER,
  SEARCH_PEOPLE,
  type IdentifierType,
  type LookupResult,
  type PersonSummary,
  type SearchResult,
} from './queries.js';

/**
 * Finding people: "Name, e-mail or phone" runs searchPeople (full text, words as prefixes) and,
 * in the same go, an exact personByIdentifier lookup for every identifier type, so a customer id
 * or device id typed in finds its person too. Choosing one identifier type looks that up only.
 */
const PAGE = 20;

interface Hit {
  readonly person: PersonSummary;
  readonly why: string;
}

function resultItem(hit: Hit): HTMLElement {
  const { person } = hit;
  const ids = (person.identifiers ?? []).slice(0, 3).map((identifier) => `${identifier.type}: ${identifier.value}`);
  return h(
    'li',
    { class: 'result', 'data-person-id': person.id },
    h('a', { href: profileHref(person.id), class: 'result-name' }, person.displayName ?? '(no name)'),
    h('span', { class: 'muted' }, ` ${person.known ? 'known' : 'anonymous'} · ${hit.why}`),
    h('div', { class: 'result-ids muted' }, ids.join(' · ')),
  );
}

/** Exact lookups for every type in one request (aliases); a value not valid for a type just finds nobody there. */
async function lookupAll(value: string): Promise<Hit[]> {
  const result = await request<Readonly<Record<string, PersonSummary | null>>>(PERSON_BY_ANY_IDENTIFIER, { value });
  // Authorization and transport failures matter; "not a valid phone number" does not.
  const serious = result.errors.filter((error) => ['UNAUTHENTICATED', 'FORBIDDEN'].includes(error.extensions?.code ?? ''));
  if (serious.length > 0) throw new ApiError(serious, 200);
  return IDENTIFIER_TYPES.flatMap((type) => {
    const person = result.data?.[type] ?? null;
    return person === null ? [] : [{ person, why: `${type} matches exactly` }];
  });
}

export function searchView(initialQuery: string, initialType: string): HTMLElement {
  const input = h('input', { id: 'search-input', type: 'search', placeholder: 'Name, e-mail, phone or any identifier', value: initialQuery, autocomplete: 'off', 'aria-label': 'Search people' });
  const typeSelect = h(
    'select',
    { id: 'search-type', 'aria-label': 'What to search by' },
    h('option', { value: 'ANY' }, 'Name, e-mail, phone (and exact ids)'),
    ...IDENTIFIER_TYPES.map((type) => h('option', { value: type }, `${type} (exact)`)),
  );
  typeSelect.value = IDENTIFIER_TYPES.includes(initialType as IdentifierType) ? initialType : 'ANY';
  const results = h('ol', { id: 'search-results', class: 'results' });
  const status = h('div', { id: 'search-status', class: 'muted', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', id: 'search-more', class: 'secondary', hidden: true }, 'More results');
  const form = h('form', { id: 'search-form', class: 'search-form', role: 'search' }, input, typeSelect, h('button', { type: 'submit' }, 'Search'));
  let after: string | null = null;
  let seen = new Set<string>();
  let generation = 0;

  const show = (hits: readonly Hit[]): void => {
    for (const hit of hits) {
      if (seen.has(hit.person.id)) continue;
      seen.add(hit.person.id);
      results.append(resultItem(hit));
    }
  };

  const searchPage = async (query: string, run: number): Promise<void> => {
    const data = await requestData<SearchResult>(SEARCH_PEOPLE, { query, first: PAGE, after });
    if (run !== generation) return;
    show(data.searchPeople.edges.map((edge) => ({ person: edge.node, why: `search score ${edge.score.toFixed(2)}` })));
    after = data.searchPeople.pageInfo.endCursor;
    more.hidden = !data.searchPeople.pageInfo.hasNextPage;
  };

  const run = async (): Promise<void> => {
    const query = input.value.trim();
    const type = typeSelect.value;
    const current = ++generation;
    history.replaceState(null, '', `#/search?q=${encodeURIComponent(query)}&type=${encodeURIComponent(type)}`);
    results.replaceChildren();
    seen = new Set();
    after = null;
    more.hidden = true;
    if (query === '') {
      replace(status, 'Type a name, an e-mail address, a phone number or an identifier.');
      return;
    }
    replace(status, 'Searching…');
    try {
      if (type === 'ANY') {
        const [exact] = await Promise.all([lookupAll(query), searchPage(query, current)]);
        if (current !== generation) return;
        // Exact identifier matches first: they are certain.
        const before = [...results.children];
        results.replaceChildren();
        seen = new Set();
        show(exact);
        for (const item of before) {
          const id = (item as HTMLElement).dataset['personId'];
          if (id !== undefined && !seen.has(id)) {
            seen.add(id);
            results.append(item);
          }
        }
      } else {
        const result = await requestData<LookupResult>(PERSON_BY_IDENTIFIER, { type, value: query });
        if (current !== generation) return;
        if (result.personByIdentifier !== null) show([{ person: result.personByIdentifier, why: `${type} matches exactly` }]);
      }
      replace(status, results.children.length === 0 ? `Nobody found for “${query}”.` : `${results.children.length} ${results.children.length === 1 ? 'person' : 'people'} found.`);
    } catch (error) {
      if (current !== generation) return;
      replace(status, errorBox(error, 'Search failed'));
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  more.addEventListener('click', () => {
    const current = generation;
    more.disabled = true;
    searchPage(input.value.trim(), current)
      .catch((error: unknown) => replace(status, errorBox(error, 'Loading more results failed')))
      .finally(() => {
        more.disabled = false;
      });
  });
  if (initialQuery !== '') void run();
  else replace(status, 'Type a name, an e-mail address, a phone number or an identifier.');
  return h('section', { class: 'card search', id: 'search' }, h('h2', {}, 'Find a customer'), form, status, results, more);
}
