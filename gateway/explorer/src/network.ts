import { requestData } from './api.js';
import { h, profileHref, replace, section } from './dom.js';
import { errorBox } from './errors.js';
import { createGraph, type Graph, type GraphEdge, type GraphNode } from './graph.js';
import {
  HOUSEHOLD_MEMBERS,
  NETWORK,
  ORGANIZATION_NEIGHBOURS,
  type HouseholdResult,
  type NetworkEdge,
  type NetworkNode,
  type NetworkResult,
  type OrganizationResult,
} from './queries.js';

/**
 * The person's household, social and professional network (Person.network, two hops) as an
 * interactive drawing. Tapping a node expands it: a person's own network, a household's members,
 * an organization's parent, subsidiaries and contacts. The panel beside it opens the tapped
 * person's profile, or an organization's account hierarchy.
 */
const DEPTH = 2;
const LIMIT = 100;

export interface NetworkOptions {
  /** Shows an organization's account tree (the hierarchy card). */
  readonly showHierarchy: (organizationId: string) => void;
}

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

const edgeId = (from: string, to: string, kind: string, type: string | null): string => `${kind}:${from}:${to}:${type ?? ''}`;

function label(edge: NetworkEdge): string {
  switch (edge.kind) {
    case 'RELATED_TO':
      return (edge.relationshipType ?? 'related').toLowerCase().replace('_', ' ');
    case 'MEMBER_OF':
      return (edge.role ?? 'member').toLowerCase();
    case 'WORKS_FOR':
      return edge.title ?? 'works for';
  }
}

function fromNetwork(nodes: readonly NetworkNode[], edges: readonly NetworkEdge[], focus: string | null): { nodes: GraphNode[]; edges: GraphEdge[] } {
  return {
    nodes: nodes.map((node) => ({ id: node.id, kind: node.kind, label: node.label ?? node.id.slice(0, 8), focus: node.id === focus })),
    edges: edges.map((edge) => ({ id: edgeId(edge.from, edge.to, edge.kind, edge.relationshipType), from: edge.from, to: edge.to, kind: edge.kind, label: label(edge) })),
  };
}

async function neighbours(id: string, kind: string): Promise<{ nodes: GraphNode[]; edges: GraphEdge[] }> {
  if (kind === 'PERSON') {
    const data = await requestData<NetworkResult>(NETWORK, { id, depth: 1, limit: 50 });
    return data.person === null ? { nodes: [], edges: [] } : fromNetwork(data.person.network.nodes, data.person.network.edges, null);
  }
  if (kind === 'HOUSEHOLD') {
    const data = await requestData<HouseholdResult>(HOUSEHOLD_MEMBERS, { id });
    const members = data.household?.members ?? [];
    return {
      nodes: members.map((member) => ({ id: member.person.id, kind: 'PERSON' as const, label: member.person.displayName ?? member.person.id.slice(0, 8) })),
      edges: members.map((member) => ({ id: edgeId(member.person.id, id, 'MEMBER_OF', null), from: member.person.id, to: id, kind: 'MEMBER_OF', label: member.role.toLowerCase() })),
    };
  }
  const data = await requestData<OrganizationResult>(ORGANIZATION_NEIGHBOURS, { id });
  const org = data.organization;
  if (org === null) return { nodes: [], edges: [] };
  const orgs = [...(org.parent === null ? [] : [org.parent]), ...org.children];
  return {
    nodes: [
      ...orgs.map((item) => ({ id: item.id, kind: 'ORGANIZATION' as const, label: item.name })),
      ...org.contacts.map((contact) => ({ id: contact.person.id, kind: 'PERSON' as const, label: contact.person.displayName ?? contact.person.id.slice(0, 8) })),
    ],
    edges: [
      ...(org.parent === null ? [] : [{ id: `SUBSIDIARY_OF:${org.id}:${org.parent.id}`, from: org.id, to: org.parent.id, kind: 'SUBSIDIARY_OF', label: 'subsidiary of' }]),
      ...org.children.map((child) => ({ id: `SUBSIDIARY_OF:${child.id}:${org.id}`, from: child.id, to: org.id, kind: 'SUBSIDIARY_OF', label: 'subsidiary of' })),
      ...org.contacts.map((contact) => ({ id: edgeId(contact.person.id, org.id, 'WORKS_FOR', null), from: contact.person.id, to: org.id, kind: 'WORKS_FOR', label: contact.title ?? 'works for' })),
    ],
  };
}

/** The network card; `reload` draws it again (after a change to the person's relationships). */
export function networkCard(personId: string, options: NetworkOptions): { element: HTMLElement; reload: () => Promise<void>; dispose: () => void } {
  const canvas = h('div', { id: 'network-graph', class: 'graph', 'data-node-ids': '', role: 'img', 'aria-label': 'Network graph' });
  const panel = h('div', { id: 'network-panel', class: 'graph-panel', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Tap a node to expand it.'));
  const status = h('div', { id: 'network-status', class: 'muted' }, 'Loading…');
  const legend = h(
    'p',
    { class: 'legend muted' },
    h('span', { class: 'dot person' }), ' person ',
    h('span', { class: 'dot household' }), ' household ',
    h('span', { class: 'dot organization' }), ' organization · tap to expand',
  );
  const element = section('network', 'Household, social and professional network', legend, status, h('div', { class: 'graph-layout' }, canvas, panel));
  let graph: Graph | null = null;
  const expanded = new Set<string>();

  const describe = (id: string, kind: string, name: string, added: number | null): void => {
    const actions: HTMLElement[] = [];
    if (kind === 'PERSON') actions.push(h('a', { href: profileHref(id), class: 'button', id: 'network-open' }, 'Open profile'));
    if (kind === 'ORGANIZATION') {
      const button = h('button', { type: 'button', id: 'network-hierarchy' }, 'Show account hierarchy');
      button.addEventListener('click', () => options.showHierarchy(id));
      actions.push(button);
    }
    panel.dataset['nodeId'] = id;
    replace(
      panel,
      h('h3', {}, name),
      h('p', { class: 'muted' }, kind.toLowerCase(), added === null ? ' · expanding…' : ` · expanded, ${added} new node${added === 1 ? '' : 's'}`),
      ...actions,
    );
  };

  const expand = async (id: string, kind: string, name: string): Promise<void> => {
    describe(id, kind, name, null);
    if (graph === null) return;
    try {
      const more = await neighbours(id, kind);
      const added = graph.add(more.nodes, more.edges);
      expanded.add(id);
      graph.cy.getElementById(id).data('expanded', true);
      describe(id, kind, name, added);
    } catch (error) {
      panel.append(errorBox(error, 'Expanding failed'));
    }
  };

  const reload = async (): Promise<void> => {
    try {
      const data = await requestData<NetworkResult>(NETWORK, { id: personId, depth: DEPTH, limit: LIMIT });
      if (data.person === null) {
        replace(status, 'This person is gone.');
        return;
      }
      const { nodes, edges } = fromNetwork(data.person.network.nodes, data.person.network.edges, data.person.id);
      const counts = { PERSON: 0, HOUSEHOLD: 0, ORGANIZATION: 0 };
      for (const node of data.person.network.nodes) counts[node.kind] += 1;
      replace(
        status,
        `${plural(counts.PERSON, 'person', 'people')}, ${plural(counts.HOUSEHOLD, 'household')}, ${plural(counts.ORGANIZATION, 'organization')} within ${DEPTH} hops`,
        data.person.network.truncated ? ` (first ${LIMIT} only)` : '',
      );
      graph?.destroy();
      expanded.clear();
      delete panel.dataset['nodeId'];
      replace(panel, h('p', { class: 'muted' }, 'Tap a node to expand it.'));
      graph = createGraph('network', canvas, nodes, edges);
      graph.cy.on('tap', 'node', (event) => {
        const node = event.target as { id(): string; data(key: string): unknown };
        const id = node.id();
        const kind = String(node.data('kind'));
        const name = String(node.data('label'));
        if (expanded.has(id)) describe(id, kind, name, 0);
        else void expand(id, kind, name);
      });
      graph.cy.on('dbltap', 'node[kind = "PERSON"]', (event) => {
        window.location.hash = profileHref((event.target as { id(): string }).id());
      });
    } catch (error) {
      replace(status, errorBox(error, 'The network could not be loaded'));
    }
  };

  return {
    element,
    reload,
    dispose: () => {
      graph?.destroy();
      graph = null;
    },
  };
}
