import { requestData } from './api.js';
import { badge, h, replace, section, show, when } from './dom.js';
import { errorBox } from './errors.js';
import { CHANNELS, TIMELINE, type Channel, type Interaction, type TimelineResult } from './queries.js';

/**
 * The interaction timeline, newest first, through Person.interactions (a Relay connection):
 * the next page loads when the end of the list scrolls into view. A channel filter restarts it.
 * New interactions (live) are put on top without losing what was already scrolled in.
 */
const PAGE = 10;

function sentiment(context: NonNullable<Interaction['context']>): HTMLElement {
  const kind = context.sentimentLabel === 'POSITIVE' ? 'positive' : context.sentimentLabel === 'NEGATIVE' ? 'negative' : '';
  return h('span', { class: 'sentiment', 'data-sentiment': context.sentimentLabel }, badge(`${context.sentimentLabel.toLowerCase()} ${context.sentiment >= 0 ? '+' : ''}${context.sentiment.toFixed(2)}`, kind));
}

function item(interaction: Interaction): HTMLElement {
  const context = interaction.context;
  const properties = Object.entries(interaction.properties ?? {}).slice(0, 4);
  return h(
    'li',
    { class: 'interaction', 'data-interaction-id': interaction.id, 'data-channel': interaction.channel },
    h('div', { class: 'interaction-head' }, badge(interaction.channel, `channel ${interaction.channel.toLowerCase()}`), ' ', h('strong', {}, interaction.type), ' ', h('span', { class: 'muted' }, when(interaction.occurredAt))),
    context === null
      ? null
      : h(
          'div',
          { class: 'interaction-context' },
          sentiment(context),
          ...context.intents.map((intent) => badge(intent.toLowerCase(), 'intent')),
          ...context.topics.map((topic) => badge(topic, 'topic')),
          context.language === null ? null : h('span', { class: 'muted' }, ` ${context.language}`),
        ),
    interaction.content === null ? null : h('p', { class: 'interaction-content' }, interaction.content.length > 280 ? `${interaction.content.slice(0, 280)}…` : interaction.content),
    properties.length === 0 ? null : h('p', { class: 'muted properties' }, properties.map(([key, value]) => `${key}: ${show(value)}`).join(' · ')),
  );
}

export function timelineCard(personId: string): { element: HTMLElement; refresh: () => Promise<void>; dispose: () => void } {
  const filter = h('select', { id: 'timeline-channel', 'aria-label': 'Channel' }, h('option', { value: '' }, 'All channels'), ...CHANNELS.map((channel) => h('option', { value: channel }, channel)));
  const list = h('ol', { id: 'timeline-list', class: 'timeline' });
  const status = h('div', { id: 'timeline-status', class: 'muted', 'aria-live': 'polite' });
  const sentinel = h('div', { id: 'timeline-end', class: 'sentinel' });
  const element = section('timeline', 'Interaction timeline', h('div', { class: 'toolbar' }, h('label', {}, 'Channel ', filter)), list, sentinel, status);
  let after: string | null = null;
  let hasNext = true;
  let loading = false;
  let generation = 0;
  const shown = new Set<string>();

  const channels = (): Channel[] | null => (filter.value === '' ? null : [filter.value as Channel]);

  const fetchPage = (cursor: string | null): Promise<TimelineResult> => requestData<TimelineResult>(TIMELINE, { id: personId, first: PAGE, after: cursor, channels: channels() });

  const loadMore = async (): Promise<void> => {
    if (loading || !hasNext) return;
    loading = true;
    const run = generation;
    replace(status, 'Loading…');
    try {
      const data = await fetchPage(after);
      if (run !== generation) return;
      const page = data.person?.interactions;
      if (page === undefined) {
        hasNext = false;
        replace(status, 'This person is gone.');
        return;
      }
      for (const edge of page.edges) {
        if (shown.has(edge.node.id)) continue;
        shown.add(edge.node.id);
        list.append(item(edge.node));
      }
      after = page.pageInfo.endCursor;
      hasNext = page.pageInfo.hasNextPage;
      list.dataset['count'] = String(shown.size);
      replace(status, hasNext ? `${shown.size} shown, scroll for more` : shown.size === 0 ? 'No interactions.' : `All ${shown.size} interactions shown.`);
    } catch (error) {
      if (run === generation) {
        hasNext = false;
        replace(status, errorBox(error, 'The timeline could not be loaded'));
      }
    } finally {
      if (run === generation) loading = false;
    }
    // The sentinel may still be in view (short pages, tall screens): keep going.
    if (run === generation && hasNext && isVisible()) void loadMore();
  };

  const isVisible = (): boolean => {
    const rect = sentinel.getBoundingClientRect();
    return rect.top < window.innerHeight && rect.bottom >= 0 && element.isConnected;
  };

  const restart = (): void => {
    generation += 1;
    loading = false;
    after = null;
    hasNext = true;
    shown.clear();
    list.replaceChildren();
    list.dataset['count'] = '0';
    void loadMore();
  };

  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) void loadMore();
  });
  observer.observe(sentinel);
  filter.addEventListener('change', restart);
  restart();

  return {
    element,
    /** Puts interactions newer than the ones shown on top; starts over when there are too many to tell. */
    refresh: async () => {
      const run = generation;
      try {
        const data = await fetchPage(null);
        if (run !== generation) return;
        const edges = data.person?.interactions.edges ?? [];
        const fresh = edges.filter((edge) => !shown.has(edge.node.id));
        if (fresh.length === edges.length && shown.size > 0 && data.person?.interactions.pageInfo.hasNextPage === true) {
          restart();
          return;
        }
        for (const edge of [...fresh].reverse()) {
          shown.add(edge.node.id);
          const row = item(edge.node);
          row.classList.add('flash');
          list.prepend(row);
        }
        list.dataset['count'] = String(shown.size);
        if (!hasNext && fresh.length > 0) replace(status, `All ${shown.size} interactions shown.`);
      } catch (error) {
        replace(status, errorBox(error, 'The timeline could not be refreshed'));
      }
    },
    dispose: () => observer.disconnect(),
  };
}
