'use client';

import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { MAP_STYLES } from './styles';
import { layoutPositions } from './layout-positions';

/** What the user clicked on the map. */
export type MapSelection = { group: 'nodes' | 'edges'; id: string } | undefined;

/** Imperative controls of the map. */
export interface ServiceMapHandle {
  fit(): void;
  /** A PNG of the whole map as a data URL. */
  png(): string | undefined;
  relayout(): void;
}

/** Layout of the overview (no own namespace): namespaces in the middle, entities around them. */
const OVERVIEW_LAYOUT = { name: 'concentric', animate: false, fit: true, padding: 30, minNodeSpacing: 60, concentric: (n: { data(k: string): unknown }) => (n.data('kind') === 'workload' ? 2 : 1), levelWidth: () => 1 } as const;

/**
 * The cytoscape canvas. Usage contract (Kiali's): the cytoscape instance is created once and its div is never
 * re-rendered; element changes are applied inside one `cy.batch`; layout runs only when the structure changes,
 * and then only for new nodes, so nodes that exist keep their positions.
 */
/** Props of {@link ServiceMap}. */
export interface ServiceMapProps {
  elements: ElementDefinition[];
  onSelect(selection: MapSelection): void;
  label: string;
  /** The namespace shown (deterministic layout); undefined for the overview. */
  namespace?: string;
  /** Text shown on an edge while hovered (e.g. its counts). */
  hoverLabel?(edgeId: string): string | undefined;
}

export const ServiceMap = forwardRef<ServiceMapHandle, ServiceMapProps>(
  function ServiceMap({ elements, onSelect, label, namespace, hoverLabel }, ref) {
    const container = useRef<HTMLDivElement>(null);
    const cyRef = useRef<Core | undefined>(undefined);
    const laidOut = useRef(false);
    const onSelectRef = useRef(onSelect);
    const hoverRef = useRef(hoverLabel);
    useEffect(() => {
      onSelectRef.current = onSelect;
      hoverRef.current = hoverLabel;
    });

    useEffect(() => {
      // NOTE: no custom wheelSensitivity: cytoscape warns about it on every map (it feels wrong across mice and trackpads).
      const cy = cytoscape({ container: container.current, style: MAP_STYLES, minZoom: 0.1, maxZoom: 3, boxSelectionEnabled: false });
      cy.on('tap', 'node, edge', (e) => {
        const group = e.target.isNode() ? 'nodes' : 'edges';
        if (group === 'nodes' && e.target.isParent()) return;
        onSelectRef.current({ group, id: e.target.id() });
      });
      cy.on('tap', (e) => e.target === cy && onSelectRef.current(undefined));
      cy.on('mouseover', 'edge', (e) => {
        const text = hoverRef.current?.(e.target.id());
        if (!text) return;
        e.target.data('plainLabel', e.target.data('label'));
        e.target.data('label', text);
      });
      cy.on('mouseout', 'edge', (e) => e.target.data('plainLabel') && e.target.data('label', e.target.data('plainLabel')));
      cyRef.current = cy;
      return () => cy.destroy();
    }, []);

    useEffect(() => {
      const cy = cyRef.current;
      if (!cy) return;
      const added = syncElements(cy, elements);
      if (added.length === 0) return;
      if (namespace === undefined) {
        cy.layout(OVERVIEW_LAYOUT).run();
        return;
      }
      const positions = layoutPositions(elements, namespace);
      cy.batch(() => {
        for (const id of added) {
          const p = positions.get(id);
          if (p) cy.getElementById(id).position(p);
        }
      });
      if (!laidOut.current) {
        cy.fit(undefined, 30);
        laidOut.current = true;
      }
    }, [elements, namespace]);

    useImperativeHandle(ref, () => ({
      fit: () => cyRef.current?.fit(undefined, 30),
      png: () => cyRef.current?.png({ full: true, scale: 2, bg: '#ffffff' }),
      relayout: () => {
        const cy = cyRef.current;
        if (!cy) return;
        if (namespace === undefined) {
          cy.layout(OVERVIEW_LAYOUT).run();
          return;
        }
        const positions = layoutPositions(elements, namespace);
        cy.batch(() => positions.forEach((p, id) => cy.getElementById(id).position(p)));
        cy.fit(undefined, 30);
      },
    }));

    const shownEdges = elements.filter((e) => e.group === 'edges').length;
    return <div ref={container} role="img" aria-label={label} data-testid="service-map" data-edges={shownEdges} className="h-[560px] w-full rounded-lg border border-slate-200 bg-white" />;
  },
);

/** Applies the wanted elements to cytoscape in one batch; returns the ids of nodes that were added. */
function syncElements(cy: Core, elements: ElementDefinition[]): string[] {
  const wanted = new Map(elements.map((e) => [e.data.id as string, e]));
  const addedNodes: string[] = [];
  cy.batch(() => {
    cy.elements().forEach((ele) => {
      if (!wanted.has(ele.id())) ele.remove();
    });
    const toAdd: ElementDefinition[] = [];
    for (const def of elements) {
      const existing = cy.getElementById(def.data.id as string);
      if (existing.empty()) {
        toAdd.push(def);
        if (def.group === 'nodes' && !String(def.data.id).startsWith('ns:')) addedNodes.push(def.data.id as string);
        continue;
      }
      if (def.group === 'nodes' && (existing.data('parent') ?? undefined) !== (def.data.parent ?? undefined)) existing.move({ parent: def.data.parent ?? null });
      // Touch only what changed: every data or class write makes cytoscape restyle the element.
      if (!sameData(existing.data(), def.data)) existing.data(def.data);
      if ((def.classes ?? '') !== existing.classes().join(' ')) existing.classes(def.classes ?? '');
    }
    // Parents before children, nodes before edges.
    cy.add(toAdd.sort((a, b) => rank(a) - rank(b)));
  });
  return addedNodes;
}

function sameData(current: Record<string, unknown>, next: Record<string, unknown>): boolean {
  for (const key of Object.keys(next)) if (key !== 'parent' && current[key] !== next[key]) return false;
  return true;
}

function rank(def: ElementDefinition): number {
  if (def.group === 'edges') return 2;
  return String(def.data.id).startsWith('ns:') ? 0 : 1;
}
