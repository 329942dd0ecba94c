import { requestData } from './api.js';
import { h, profileHref, replace, section } from './dom.js';
import { errorBox } from './errors.js';
import { ORGANIZATION_HIERARCHY, ORGANIZATION_NEIGHBOURS, type Employment, type Hierarchy, type HierarchyResult, type OrganizationResult } from './queries.js';

/**
 * The B2B account hierarchy of the person's employer: the whole tree from the ultimate parent
 * (Organization.hierarchy, depth-first), with the employer and the path up to the root marked.
 * Each organization's contacts load when its row is opened.
 */
type TreeNode = Hierarchy['nodes'][number];

function contactsList(organizationId: string): HTMLElement {
  const list = h('ul', { class: 'plain contacts' }, h('li', { class: 'muted' }, 'Loading contacts…'));
  requestData<OrganizationResult>(ORGANIZATION_NEIGHBOURS, { id: organizationId }).then(
    (data) => {
      const contacts = data.organization?.contacts ?? [];
      replace(
        list,
        ...(contacts.length === 0
          ? [h('li', { class: 'muted' }, 'No current contacts here.')]
          : contacts.map((contact) =>
              h('li', {}, h('a', { href: profileHref(contact.person.id) }, contact.person.displayName ?? contact.person.id), contact.title === null ? '' : h('span', { class: 'muted' }, ` · ${contact.title}`)),
            )),
      );
    },
    (error: unknown) => replace(list, h('li', {}, errorBox(error, 'Contacts could not be loaded'))),
  );
  return list;
}

function treeItem(node: TreeNode, children: ReadonlyMap<string, TreeNode[]>, marked: ReadonlySet<string>, focus: Focus): HTMLElement {
  const org = node.organization;
  const kids = children.get(org.id) ?? [];
  const summary = h(
    'summary',
    {},
    h('span', { class: 'org-name' }, org.name),
    focus.ids.has(org.id) ? h('span', { class: 'badge employer' }, focus.label) : null,
    h('span', { class: 'muted' }, ` ${[org.domain, org.country, org.industry].filter((part) => part !== null).join(' · ')}`),
    h('span', { class: 'muted counts' }, ` ${node.contactCount} here · ${node.totalContactCount} in subtree`),
  );
  const details = h('details', { class: 'org', 'data-org-id': org.id, 'data-depth': node.depth, ...(focus.ids.has(org.id) ? { 'data-focus': focus.label } : {}), open: marked.has(org.id) || node.depth === 0 }, summary);
  let loaded = false;
  details.addEventListener('toggle', () => {
    if (!details.open || loaded) return;
    loaded = true;
    summary.after(contactsList(org.id));
  });
  if (kids.length > 0) details.append(h('ul', { class: 'tree' }, ...kids.map((kid) => h('li', {}, treeItem(kid, children, marked, focus)))));
  else if (node.childCount > 0) details.append(h('p', { class: 'muted' }, `${node.childCount} subsidiaries not shown`));
  return details;
}

/** The organizations to mark (the employers, or the one chosen in the network), with their path to the root opened. */
interface Focus {
  readonly ids: ReadonlySet<string>;
  readonly label: string;
}

function tree(hierarchy: Hierarchy, focus: Focus): HTMLElement {
  const children = new Map<string, TreeNode[]>();
  const parentOf = new Map<string, string | null>();
  let root: TreeNode | undefined;
  for (const node of hierarchy.nodes) {
    parentOf.set(node.organization.id, node.parentId);
    if (node.parentId === null) root = node;
    else children.set(node.parentId, [...(children.get(node.parentId) ?? []), node]);
  }
  const marked = new Set<string>();
  for (const id of focus.ids) {
    for (let at: string | null | undefined = id; at !== null && at !== undefined && !marked.has(at); at = parentOf.get(at)) marked.add(at);
  }
  return h(
    'div',
    { class: 'hierarchy', 'data-root-id': hierarchy.root.id },
    h('p', { class: 'muted' }, `Ultimate parent: ${hierarchy.root.name} · ${hierarchy.nodes.length} organizations`, hierarchy.truncated ? ' (tree cut at the limit)' : ''),
    root === undefined ? h('p', {}, 'No tree.') : h('ul', { class: 'tree' }, h('li', {}, treeItem(root, children, marked, focus))),
  );
}

export function hierarchyCard(): { element: HTMLElement; showEmployers: (employments: readonly Employment[]) => Promise<void>; showOrganization: (id: string) => Promise<void> } {
  const body = h('div', { id: 'hierarchy-body' }, h('p', { class: 'muted' }, 'Loading…'));
  const element = section('hierarchy', 'Account hierarchy', body);

  const load = async (organizationIds: readonly string[], focus: Focus): Promise<void> => {
    try {
      const results = await Promise.all(organizationIds.map((id) => requestData<HierarchyResult>(ORGANIZATION_HIERARCHY, { id })));
      // Two employers in one group share a tree: draw each tree once.
      const byRoot = new Map<string, Hierarchy>();
      for (const result of results) if (result.organization !== null) byRoot.set(result.organization.hierarchy.root.id, result.organization.hierarchy);
      replace(body, ...(byRoot.size === 0 ? [h('p', { class: 'muted' }, 'Organization not found.')] : [...byRoot.values()].map((hierarchy) => tree(hierarchy, focus))));
    } catch (error) {
      replace(body, errorBox(error, 'The account hierarchy could not be loaded'));
    }
  };

  return {
    element,
    showEmployers: async (employments) => {
      const current = employments.filter((employment) => employment.current);
      if (current.length === 0) {
        replace(body, h('p', { class: 'muted' }, 'No current employer.'));
        return;
      }
      const ids = [...new Set(current.map((employment) => employment.organization.id))];
      await load(ids, { ids: new Set(ids), label: 'employer' });
    },
    showOrganization: async (id) => {
      replace(body, h('p', { class: 'muted' }, 'Loading…'));
      element.scrollIntoView({ block: 'nearest' });
      await load([id], { ids: new Set([id]), label: 'selected' });
    },
  };
}
