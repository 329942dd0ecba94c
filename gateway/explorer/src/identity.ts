import { h, section, when } from './dom.js';
import { createGraph, type Graph } from './graph.js';
import type { IdentityGraph } from './queries.js';

/**
 * Why these records are one person (Person.identityGraph): identifiers and source records that
 * point at the profile, and merges, each link with the rule behind it. Drawn, and told as a list
 * that reads well on a phone.
 */
const VERBS: Readonly<Record<IdentityGraph['edges'][number]['kind'], string>> = {
  IDENTIFIES: 'identifies',
  DESCRIBES: 'describes',
  MERGED_INTO: 'was merged into',
};

export function identityCard(personId: string, graph: IdentityGraph | null): { element: HTMLElement; draw: () => void; dispose: () => void } {
  if (graph === null) {
    return { element: section('identity-graph', 'Identity graph', h('p', { class: 'muted' }, 'Not visible with this token.')), draw: () => {}, dispose: () => {} };
  }
  const labels = new Map(graph.nodes.map((node) => [node.id, node.label]));
  const canvas = h('div', { id: 'identity-canvas', class: 'graph small', role: 'img', 'aria-label': 'Identity graph' });
  const reasons = h(
    'ul',
    { class: 'plain reasons' },
    ...graph.edges.map((edge) =>
      h(
        'li',
        { 'data-kind': edge.kind },
        h('strong', {}, labels.get(edge.from) ?? edge.from),
        ` ${VERBS[edge.kind]} `,
        h('strong', {}, labels.get(edge.to) ?? edge.to),
        edge.rule === null ? null : h('span', { class: 'muted' }, ` — rule ${edge.rule}`),
        edge.at === null ? null : h('span', { class: 'muted' }, ', ', when(edge.at)),
      ),
    ),
  );
  const counts = graph.nodes.reduce<Record<string, number>>((acc, node) => ({ ...acc, [node.kind]: (acc[node.kind] ?? 0) + 1 }), {});
  const element = section(
    'identity-graph',
    'Identity graph: why these records are one person',
    h('p', { class: 'muted' }, `${counts['IDENTIFIER'] ?? 0} identifiers, ${counts['SOURCE_RECORD'] ?? 0} source records, ${(counts['PERSON'] ?? 1) - 1} merged people`),
    canvas,
    h('details', {}, h('summary', {}, 'Every link and its rule'), reasons),
  );
  element.classList.add('span-2');
  let drawn: Graph | null = null;
  return {
    element,
    // Drawn once the card is in the document: cytoscape measures its container.
    draw: () => {
      drawn?.destroy();
      drawn = createGraph(
        'identity',
        canvas,
        graph.nodes.map((node) => ({ id: node.id, kind: node.kind, label: node.label, focus: node.id === personId })),
        graph.edges.map((edge, index) => ({ id: `identity-${index}`, from: edge.from, to: edge.to, kind: edge.kind, label: edge.kind === 'MERGED_INTO' ? (edge.rule ?? 'merged') : '' })),
        'concentric',
      );
    },
    dispose: () => drawn?.destroy(),
  };
}
