'use client';

import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { MAP_STYLES } from './styles';
import { layoutForCanvas, type LayoutNode, type Point } from './layout-positions';
import { BIG_MAP_EDGES } from './to-elements';

/** What the user clicked on the map. */
export type MapSelection = { group: 'nodes' | 'edges'; id: string } | undefined;

/** Imperative controls of the map. */
export interface ServiceMapHandle {
  fit(): void;
  /** A PNG of the whole map as a data URL. */
  png(): string | undefined;
  relayout(): void;
}

/** Props of {@link ServiceMap}. */
export interface ServiceMapProps {
  elements: ElementDefinition[];
  onSelect(selection: MapSelection): void;
  label: string;
  /** The namespace shown (its workloads are placed first); undefined for the overview. */
  namespace?: string;
  /** Text shown on an edge while hovered (e.g. its counts). */
  hoverLabel?(edgeId: string): string | undefined;
  /** The element highlighted on the map (selected in a list or the side panel). */
  selected?: string;
  /** What the user chose (e.g. the filters): when it changes, the map is redrawn at once, even a big one. */
  viewKey?: string;
}

/** Canvas heights tried in turn (px); the first is the default. */
const CANVAS_HEIGHTS = [600, 760, 920, 1080];

/** A big map (more than BIG_MAP_EDGES edges) applies changes of its edges at most this often. */
const BIG_MAP_REDRAW_MS = 2000;

/** Fit zoom is capped: a small map is not blown up past this. */
const MAX_FIT_ZOOM = 1.4;

/**
 * The cytoscape canvas. Usage contract (Kiali's): the cytoscape instance is created once and its div is never
 * re-rendered; element changes are applied inside one `cy.batch`; layout runs only when the structure changes (a
 * node or a peer pair appears or goes), deterministically ({@link layoutPositions}) for the canvas's size.
 */
export const ServiceMap = forwardRef<ServiceMapHandle, ServiceMapProps>(
  function ServiceMap({ elements, onSelect, label, namespace, hoverLabel, selected, viewKey = '' }, ref) {
    const container = useRef<HTMLDivElement>(null);
    const cyRef = useRef<Core | undefined>(undefined);
    const structure = useRef('');
    const lastApplied = useRef(-Infinity);
    const appliedView = useRef(viewKey);
    const onSelectRef = useRef(onSelect);
    const hoverRef = useRef(hoverLabel);
    useEffect(() => {
      onSelectRef.current = onSelect;
      hoverRef.current = hoverLabel;
    });

    useEffect(() => {
      // NOTE: no custom wheelSensitivity: cytoscape warns about it on every map (it feels wrong across mice and trackpads).
      const cy = cytoscape({ container: container.current, style: MAP_STYLES, minZoom: 0.05, maxZoom: 3, boxSelectionEnabled: false, textureOnViewport: true });
      cy.on('tap', 'node, edge', (e) => onSelectRef.current({ group: e.target.isNode() ? 'nodes' : 'edges', id: e.target.id() }));
      cy.on('tap', (e) => e.target === cy && onSelectRef.current(undefined));
      cy.on('mouseover', 'edge', (e) => {
        const text = hoverRef.current?.(e.target.id());
        if (!text) return;
        e.target.data('plainLabel', e.target.data('label'));
        e.target.data('label', text);
      });
      cy.on('mouseout', 'edge', (e) => e.target.data('plainLabel') !== undefined && e.target.data('label', e.target.data('plainLabel')));
      cyRef.current = cy;
      // The canvas follows its box (a side panel opening narrows it).
      const observer = new ResizeObserver(() => {
        cy.resize();
        fitCapped(cy);
      });
      if (container.current) observer.observe(container.current);
      return () => {
        observer.disconnect();
        cy.destroy();
      };
    }, []);

    useEffect(() => {
      const cy = cyRef.current;
      if (!cy) return;
      const apply = () => {
        lastApplied.current = performance.now();
        const key = structureKey(elements);
        if (key === structure.current) {
          syncElements(cy, elements);
          return;
        }
        structure.current = key;
        // Layout first, so new cards are added where they belong: one batch, one restyle, one fit, one redraw.
        const positions = layoutFor(cy, elements, namespace);
        syncElements(cy, elements, positions);
        fitCapped(cy);
      };
      // Every change redraws the whole canvas (on a big map a frame of 50-100 ms): a big map takes changes of its
      // edges at most every BIG_MAP_REDRAW_MS; a card that comes or goes is drawn at once.
      const wait = lastApplied.current + BIG_MAP_REDRAW_MS - performance.now();
      const chosen = viewKey !== appliedView.current;
      appliedView.current = viewKey;
      if (wait <= 0 || chosen || structureKey(elements) !== structure.current || cy.edges().length <= BIG_MAP_EDGES) return apply();
      const timer = setTimeout(apply, wait);
      return () => clearTimeout(timer);
    }, [elements, namespace, viewKey]);

    useEffect(() => {
      const cy = cyRef.current;
      if (!cy) return;
      // Untouched when it already shows: a selection change restyles and redraws the whole map.
      const current = cy.$(':selected');
      if (selected ? current.length === 1 && current.id() === selected : current.empty()) return;
      cy.batch(() => {
        current.unselect();
        if (selected) cy.getElementById(selected).select();
      });
    }, [selected, elements]);

    useImperativeHandle(ref, () => ({
      fit: () => cyRef.current && fitCapped(cyRef.current),
      png: () => cyRef.current?.png({ full: true, scale: 2, bg: '#ffffff' }),
      relayout: () => {
        const cy = cyRef.current;
        if (!cy) return;
        const positions = layoutFor(cy, elements, namespace);
        cy.batch(() => positions.forEach((p, id) => cy.getElementById(id).position(p)));
        fitCapped(cy);
      },
    }));

    // Graph edges shown (a drawn edge carries every port of a peer pair).
    const shownEdges = elements.reduce((n, e) => n + (e.group === 'edges' ? Number(e.data.count ?? 1) : 0), 0);
    return <div ref={container} role="img" aria-label={label} data-testid="service-map" data-edges={shownEdges} className="h-[600px] w-full min-w-0 rounded-lg border border-slate-200 bg-white" />;
  },
);

function fitCapped(cy: Core): void {
  if (cy.elements().empty()) return;
  // The bounding box of every edge (curves, arrows, labels) costs about as much as drawing them; on a big map the
  // cards' box with a wider margin frames the same picture (the layout keeps edges inside the ring of cards).
  if (cy.edges().length > BIG_MAP_EDGES) cy.fit(cy.nodes(), 48);
  else cy.fit(undefined, 24);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
}

/** Card positions for the canvas's width (its height is set here: a map with many peers gets a taller one). */
function layoutFor(cy: Core, elements: ElementDefinition[], namespace: string | undefined): Map<string, Point> {
  const nodes: LayoutNode[] = [];
  const edges: [string, string][] = [];
  for (const e of elements) {
    if (e.group === 'nodes') nodes.push({ id: e.data.id as string, label: String(e.data.label ?? ''), kind: String(e.data.kind ?? ''), namespace: String(e.data.namespace ?? '') });
    else edges.push([e.data.source as string, e.data.target as string]);
  }
  // A map with many peers gets a taller canvas rather than labels too small to read.
  const heights = nodes.length > 80 ? CANVAS_HEIGHTS.slice(0, 1) : CANVAS_HEIGHTS;
  const { positions, height } = layoutForCanvas(nodes, edges, namespace ?? '', cy.width() || 1100, heights);
  const box = cy.container();
  if (box && box.style.height !== `${height}px`) {
    box.style.height = `${height}px`;
    cy.resize();
  }
  return positions;
}

/** Nodes by id: the layout reruns only when a node comes or goes (not for every new edge, each second). */
function structureKey(elements: ElementDefinition[]): string {
  let key = '';
  for (const e of elements) if (e.group === 'nodes') key += `${e.data.id}\n`;
  return key;
}

/** Applies the wanted elements to cytoscape in one batch; with `positions`, new nodes are added there and the others moved. */
function syncElements(cy: Core, elements: ElementDefinition[], positions?: Map<string, Point>): void {
  const wanted = new Map(elements.map((e) => [e.data.id as string, e]));
  cy.batch(() => {
    cy.elements().forEach((ele) => {
      if (!wanted.has(ele.id())) ele.remove();
    });
    const toAdd: ElementDefinition[] = [];
    for (const def of elements) {
      const id = def.data.id as string;
      const existing = cy.getElementById(id);
      const position = def.group === 'nodes' ? positions?.get(id) : undefined;
      if (existing.empty()) {
        toAdd.push(position ? { ...def, position } : def);
        continue;
      }
      if (position) existing.position(position);
      // Touch only what changed: every data or class write makes cytoscape restyle the element.
      if (!sameData(existing.data(), def.data)) existing.data(def.data);
      if ((def.classes ?? '') !== existing.classes().join(' ')) existing.classes(def.classes ?? '');
    }
    // Nodes before edges.
    cy.add(toAdd.sort((a, b) => (a.group === 'edges' ? 1 : 0) - (b.group === 'edges' ? 1 : 0)));
  });
}

function sameData(current: Record<string, unknown>, next: Record<string, unknown>): boolean {
  for (const key of Object.keys(next)) if (current[key] !== next[key]) return false;
  return true;
}
