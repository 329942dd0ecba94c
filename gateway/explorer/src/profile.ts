import { ApiError, requestData } from './api.js';
import { h, profileHref, replace, section, when } from './dom.js';
import { errorBox } from './errors.js';
import { hierarchyCard } from './hierarchy.js';
import { identityCard } from './identity.js';
import { watchProfile } from './live.js';
import { networkCard } from './network.js';
import { PROFILE, type ChangeKind, type Profile, type ProfileChange, type ProfileResult } from './queries.js';
import { consentsCard, goldenRecord, identifiersCard, mergeHistoryCard, profileHeader } from './record.js';
import { timelineCard } from './timeline.js';

/**
 * One customer's page: the profile (golden record with sources, identifiers, consents, merges,
 * identity graph), the network, the employer's account hierarchy and the timeline. It subscribes
 * to profileChanged from the cursor read with the profile, so no change is missed, and redraws
 * the parts a change touches.
 */
type Part = 'profile' | 'network' | 'hierarchy' | 'timeline';

/** Which parts of the page a kind of change can alter. The profile card is always read again. */
const PARTS: Readonly<Record<ChangeKind, readonly Part[]>> = {
  CREATED: [],
  IDENTIFIED: [],
  TRAITS_CHANGED: ['network'],
  MERGED: ['network', 'hierarchy', 'timeline'],
  MERGED_AWAY: [],
  UNMERGED: ['network', 'hierarchy', 'timeline'],
  CONSENT_CHANGED: [],
  ERASED: [],
  HOUSEHOLD_CHANGED: ['network'],
  RELATIONSHIP_CHANGED: ['network'],
  EMPLOYMENT_CHANGED: ['network', 'hierarchy'],
  INTERACTION_RECORDED: ['timeline'],
  ENGAGEMENT_CHANGED: [],
};

export interface ProfilePage {
  readonly element: HTMLElement;
  dispose(): void;
}

function changeLog(): { element: HTMLElement; add: (change: ProfileChange) => void } {
  const list = h('ol', { id: 'change-log', class: 'plain change-log' });
  const element = section('changes', 'Live changes', h('p', { class: 'muted', id: 'changes-empty' }, 'Changes to this person appear here as they happen.'), list);
  return {
    element,
    add: (change) => {
      element.querySelector('#changes-empty')?.remove();
      list.prepend(h('li', { 'data-kind': change.kind, 'data-cursor': change.cursor }, h('strong', {}, change.kind), ' ', when(change.at), change.changedFields.length === 0 ? '' : h('span', { class: 'muted' }, ` · ${change.changedFields.join(', ')}`)));
      while (list.children.length > 20) list.lastElementChild?.remove();
    },
  };
}

export function profilePage(requestedId: string): ProfilePage {
  const root = h('div', { class: 'profile', id: 'profile', 'data-person-id': requestedId }, h('p', { class: 'muted card' }, 'Loading profile…'));
  const disposers: (() => void)[] = [];
  let disposed = false;

  const load = async (): Promise<void> => {
    let result: ProfileResult;
    try {
      result = await requestData<ProfileResult>(PROFILE, { id: requestedId });
    } catch (error) {
      replace(root, errorBox(error, 'The profile could not be loaded'), h('p', {}, h('a', { href: '#/' }, 'Back to search')));
      return;
    }
    if (disposed) return;
    const person = result.person;
    if (person === null) {
      replace(root, errorBox(new ApiError([{ message: `Nobody has the id ${requestedId}.`, extensions: { code: 'NOT_FOUND' } }], 200)), h('p', {}, h('a', { href: '#/' }, 'Back to search')));
      return;
    }
    render(person, result.changeCursor);
  };

  const render = (person: Profile, cursor: string | null): void => {
    root.dataset['personId'] = person.id;
    const notice = person.id === requestedId ? null : h('p', { class: 'notice card', id: 'merged-notice' }, `${requestedId} was merged into this person.`);
    const core = h('div', { class: 'core' });
    const hierarchy = hierarchyCard();
    const network = networkCard(person.id, { showHierarchy: (id) => void hierarchy.showOrganization(id) });
    const timeline = timelineCard(person.id);
    const log = changeLog();
    const live = h('p', { class: 'muted', id: 'last-change' });
    let identity = identityCard(person.id, person.identityGraph);
    let current = person;

    const drawCore = (next: Profile): void => {
      identity.dispose();
      identity = identityCard(next.id, next.identityGraph);
      replace(
        core,
        profileHeader(next),
        h('div', { class: 'grid' }, goldenRecord(next), identifiersCard(next), consentsCard(next), mergeHistoryCard(next), identity.element),
      );
      identity.draw();
    };

    replace(root, notice, core, live, h('div', { class: 'grid wide' }, network.element, hierarchy.element), h('div', { class: 'grid' }, timeline.element, log.element));
    drawCore(person);
    void network.reload();
    void hierarchy.showEmployers(person.employments);
    disposers.push(() => identity.dispose(), network.dispose, timeline.dispose);

    // Changes arriving together are applied together.
    let pending = new Set<Part>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const apply = async (): Promise<void> => {
      const parts = pending;
      pending = new Set();
      if (parts.has('profile')) {
        try {
          const result = await requestData<ProfileResult>(PROFILE, { id: current.id });
          if (disposed || result.person === null) return;
          const employersChanged = JSON.stringify(result.person.employments) !== JSON.stringify(current.employments);
          current = result.person;
          drawCore(current);
          core.classList.remove('flash');
          void core.offsetWidth;
          core.classList.add('flash');
          if (parts.has('hierarchy') || employersChanged) void hierarchy.showEmployers(current.employments);
        } catch (error) {
          replace(live, errorBox(error, 'Refreshing after a change failed'));
        }
      }
      if (parts.has('network')) void network.reload();
      if (parts.has('timeline')) void timeline.refresh();
    };

    const stop = watchProfile(person.id, cursor, {
      onChange: (change) => {
        log.add(change);
        replace(live, 'Last change: ', h('strong', { id: 'last-change-kind' }, change.kind), ' ', when(change.at));
        if (change.kind === 'MERGED_AWAY' && change.survivorId !== null) {
          window.location.hash = profileHref(change.survivorId);
          return;
        }
        if (change.kind === 'ERASED') {
          replace(root, h('p', { class: 'card notice' }, 'This person was erased just now; nothing about them is kept.'), h('a', { href: '#/' }, 'Back to search'));
          return;
        }
        pending.add('profile');
        for (const part of PARTS[change.kind]) pending.add(part);
        clearTimeout(timer);
        timer = setTimeout(() => void apply(), 150);
      },
      onError: (error) => replace(live, errorBox(error, 'Live updates stopped')),
    });
    disposers.push(stop, () => clearTimeout(timer));
  };

  void load();
  return {
    element: root,
    dispose: () => {
      disposed = true;
      for (const dispose of disposers) dispose();
    },
  };
}
