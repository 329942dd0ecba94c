import cytoscape from 'cytoscape';

/**
 * Cytoscape set up the way both of the explorer's drawings use it: one style per node kind
 * (person, household, organization, identifier, source record), labelled edges, and the drawn
 * node ids mirrored into `data-node-ids` on the container (and `window.explorerGraphs`) so a
 * test or a curious user can read what is on the canvas.
 */
export type NodeKind = 'PERSON' | 'HOUSEHOLD' | 'ORGANIZATION' | 'IDENTIFIER' | 'SOURCE_RECORD';

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  /** The person the drawing is about. */
  readonly focus?: boolean;
}

export interface GraphEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly label: string;
}

declare global {
  interface Window {
    explorerGraphs?: Record<string, cytoscape.Core>;
  }
}

const COLOURS: Readonly<Record<NodeKind, string>> = {
  PERSON: '#2563eb',
  HOUSEHOLD: '#16a34a',
  ORGANIZATION: '#ea580c',
  IDENTIFIER: '#7c3aed',
  SOURCE_RECORD: '#64748b',
};

const SHAPES: Readonly<Record<NodeKind, cytoscape.Css.NodeShape>> = {
  PERSON: 'ellipse',
  HOUSEHOLD: 'round-rectangle',
  ORGANIZATION: 'hexagon',
  IDENTIFIER: 'diamond',
  SOURCE_RECORD: 'tag',
};

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 11,
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'ellipsis',
      'text-max-width': '120px',
      color: '#1f2937',
      width: 26,
      height: 26,
      'border-width': 2,
      'border-color': '#ffffff',
    },
  },
  ...(Object.keys(COLOURS) as NodeKind[]).map((kind) => ({
    selector: `node[kind = "${kind}"]`,
    style: { 'background-color': COLOURS[kind], shape: SHAPES[kind] },
  })),
  { selector: 'node[?focus]', style: { width: 38, height: 38, 'border-color': '#facc15', 'border-width': 4, 'font-weight': 'bold' } },
  { selector: 'node[?expanded]', style: { 'border-color': '#0f172a' } },
  { selector: 'node:selected', style: { 'overlay-color': '#facc15', 'overlay-opacity': 0.3 } },
  {
    selector: 'edge',
    style: {
      label: 'data(label)',
      'font-size': 9,
      color: '#475569',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
      width: 1.5,
      'line-color': '#94a3b8',
      'target-arrow-color': '#94a3b8',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
    },
  },
  { selector: 'edge[kind = "MEMBER_OF"]', style: { 'line-color': '#16a34a', 'target-arrow-color': '#16a34a' } },
  { selector: 'edge[kind = "WORKS_FOR"], edge[kind = "SUBSIDIARY_OF"]', style: { 'line-color': '#ea580c', 'target-arrow-color': '#ea580c' } },
  { selector: 'edge[kind = "MERGED_INTO"]', style: { 'line-color': '#dc2626', 'target-arrow-color': '#dc2626', 'line-style': 'dashed' } },
];

function toElements(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): cytoscape.ElementDefinition[] {
  return [
    ...nodes.map((node) => ({ group: 'nodes' as const, data: { id: node.id, kind: node.kind, label: node.label, focus: node.focus === true } })),
    ...edges.map((edge) => ({ group: 'edges' as const, data: { id: edge.id, source: edge.from, target: edge.to, kind: edge.kind, label: edge.label } })),
  ];
}

/** Writes the drawn node ids (sorted) and the edge count onto the container. */
function mirror(cy: cytoscape.Core, container: HTMLElement): void {
  container.dataset['nodeIds'] = cy
    .nodes()
    .map((node) => node.id())
    .sort()
    .join(' ');
  container.dataset['edgeCount'] = String(cy.edges().length);
}

export interface Graph {
  readonly cy: cytoscape.Core;
  /** Adds the nodes and edges not drawn yet, lays the drawing out again; returns how many nodes were new. */
  add(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): number;
  destroy(): void;
}

export function createGraph(name: string, container: HTMLElement, nodes: readonly GraphNode[], edges: readonly GraphEdge[], layout: 'cose' | 'concentric' = 'cose'): Graph {
  const cy = cytoscape({
    container,
    elements: toElements(nodes, edges),
    style: STYLE,
    minZoom: 0.2,
    maxZoom: 3,
  });
  // data-layout says when nodes have reached their places (to click them, or take a picture).
  const run = (): void => {
    const focus = cy.nodes('[?focus]');
    container.dataset['layout'] = 'running';
    const running = cy.layout(
      layout === 'cose'
        ? { name: 'cose', animate: false, randomize: true, padding: 30, nodeRepulsion: () => 12000, idealEdgeLength: () => 100, nodeOverlap: 20, gravity: 0.5 }
        : { name: 'concentric', padding: 16, minNodeSpacing: 50, concentric: (node) => (node.same(focus) ? 2 : 1), levelWidth: () => 1 },
    );
    running.one('layoutstop', () => {
      container.dataset['layout'] = 'done';
    });
    running.run();
  };
  run();
  mirror(cy, container);
  window.explorerGraphs = { ...window.explorerGraphs, [name]: cy };
  return {
    cy,
    add(moreNodes, moreEdges) {
      const newNodes = moreNodes.filter((node) => cy.getElementById(node.id).empty());
      const known = new Set([...cy.nodes().map((node) => node.id()), ...newNodes.map((node) => node.id)]);
      const newEdges = moreEdges.filter((edge) => cy.getElementById(edge.id).empty() && known.has(edge.from) && known.has(edge.to));
      if (newNodes.length > 0 || newEdges.length > 0) {
        cy.add(toElements(newNodes, newEdges));
        run();
      }
      mirror(cy, container);
      return newNodes.length;
    },
    destroy() {
      cy.destroy();
      if (window.explorerGraphs?.[name] === cy) delete window.explorerGraphs[name];
    },
  };
}
