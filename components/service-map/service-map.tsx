'use client';

import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { FAR_ZOOM, mapStyles } from './styles';
import { layoutForCanvas, type LayoutNode, type Point } from './layout-positions';
import { BIG_MAP_EDGES } from './to-elements';
import { elementChanges } from './element-changes';

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
  /**
   * What the map shows (e.g. the filters the user chose, or the live feed taking over from the page's snapshot):
   * when it changes, the map is redrawn at once, even a big one.
   */
  viewKey?: string;
  /** Called once, after the first frame that drew elements (the page then asks for what can wait). */
  onDrawn?(): void;
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
  function ServiceMap({ elements, onSelect, label, namespace, hoverLabel, selected, viewKey = '', onDrawn }, ref) {
    const container = useRef<HTMLDivElement>(null);
    const cyRef = useRef<Core | undefined>(undefined);
    const structure = useRef('');
    // What the canvas was last given, by id: changes are found by comparing with it, not by reading cytoscape.
    const applied = useRef(new Map<string, ElementDefinition>());
    const lastApplied = useRef(-Infinity);
    const appliedView = useRef(viewKey);
    // A big map far out is drawn without arrow heads (styles.ts, FAR_EDGE_STYLES).
    const detail = useRef<LevelOfDetail>({ big: false, far: false });
    const onSelectRef = useRef(onSelect);
    const hoverRef = useRef(hoverLabel);
    const onDrawnRef = useRef(onDrawn);
    useEffect(() => {
      onSelectRef.current = onSelect;
      hoverRef.current = hoverLabel;
      onDrawnRef.current = onDrawn;
    });

    useEffect(() => {
      // NOTE: no custom wheelSensitivity: cytoscape warns about it on every map (it feels wrong across mice and trackpads).
      const cy = cytoscape({ container: container.current, style: mapStyles(false), minZoom: 0.05, maxZoom: 3, boxSelectionEnabled: false, textureOnViewport: true });
      cy.on('tap', 'node, edge', (e) => onSelectRef.current({ group: e.target.isNode() ? 'nodes' : 'edges', id: e.target.id() }));
      cy.on('tap', (e) => e.target === cy && onSelectRef.current(undefined));
      cy.on('mouseover', 'edge', (e) => {
        const text = hoverRef.current?.(e.target.id());
        if (!text) return;
        e.target.data('plainLabel', e.target.data('label'));
        e.target.data('label', text);
      });
      cy.on('mouseout', 'edge', (e) => e.target.data('plainLabel') !== undefined && e.target.data('label', e.target.data('plainLabel')));
      // Arrows come back once a zoom gesture ends past FAR_ZOOM (one restyle, not one per wheel step).
      let zoomSettled: ReturnType<typeof setTimeout> | undefined;
      cy.on('zoom', () => {
        clearTimeout(zoomSettled);
        zoomSettled = setTimeout(() => matchZoom(cy, detail.current), 150);
      });
      // The first frame with elements: cytoscape draws in an animation frame; a task posted from its 'render' runs
      // once that frame is done.
      const drawn = () => {
        if (cy.elements().empty()) return;
        cy.off('render', drawn);
        setTimeout(() => onDrawnRef.current?.(), 0);
      };
      cy.on('render', drawn);
      cyRef.current = cy;
      // The canvas follows its box (a side panel opening narrows it).
      const observer = new ResizeObserver(() => {
        cy.resize();
        fitCapped(cy);
      });
      if (container.current) observer.observe(container.current);
      return () => {
        clearTimeout(zoomSettled);
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
        detail.current.big = countEdges(elements) > BIG_MAP_EDGES;
        if (key === structure.current) {
          syncElements(cy, applied.current, elements);
          matchZoom(cy, detail.current);
          return;
        }
        structure.current = key;
        // Layout first, so new cards are added where they belong: one batch, one restyle, one fit, one redraw. A
        // big map is fitted far out: styled for that before its elements come, so they are styled once.
        const positions = layoutFor(cy, elements, namespace);
        setFar(cy, detail.current, detail.current.big);
        syncElements(cy, applied.current, elements, positions);
        fitCapped(cy);
        matchZoom(cy, detail.current);
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
      fit: () => cyRef.current && fitCapped(cyRef.current), // the zoom handler matches the detail
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

/** Whether the map is big (to-elements' `bigMap` edges) and styled as seen from far out. */
interface LevelOfDetail {
  big: boolean;
  far: boolean;
}

function setFar(cy: Core, detail: LevelOfDetail, far: boolean): void {
  if (detail.far === far) return;
  detail.far = far;
  cy.style(mapStyles(far));
}

/** Styles a big map as seen from far out below FAR_ZOOM, in full above. */
function matchZoom(cy: Core, detail: LevelOfDetail): void {
  setFar(cy, detail, detail.big && cy.zoom() < FAR_ZOOM);
}

function countEdges(elements: ElementDefinition[]): number {
  let n = 0;
  for (const e of elements) if (e.group === 'edges') n++;
  return n;
}

function fitCapped(cy: Core): void {
  if (cy.elements().empty()) return;
  if (cy.edges().length > BIG_MAP_EDGES) return fitCards(cy, 48);
  cy.fit(undefined, 24);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
}

/**
 * Fits the cards' box (positions and card sizes, as laid out) with `padding`: on a big map, cytoscape's bounding
 * box of every edge (curves, arrows, labels) costs about as much as drawing them, and even the cards' box makes it
 * style every card first; this frames the same picture (the layout keeps edges inside the ring of cards), zoomed
 * in no further than MAX_FIT_ZOOM.
 */
function fitCards(cy: Core, padding: number): void {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  cy.nodes().forEach((n) => {
    const { x, y } = n.position();
    const w = Number(n.data('width')) / 2 || 0;
    const h = Number(n.data('height')) / 2 || 0;
    [x1, y1, x2, y2] = [Math.min(x1, x - w), Math.min(y1, y - h), Math.max(x2, x + w), Math.max(y2, y + h)];
  });
  const zoom = Math.min(MAX_FIT_ZOOM, Math.max(cy.minZoom(), Math.min((cy.width() - 2 * padding) / Math.max(1, x2 - x1), (cy.height() - 2 * padding) / Math.max(1, y2 - y1))));
  cy.viewport({ zoom, pan: { x: cy.width() / 2 - (zoom * (x1 + x2)) / 2, y: cy.height() / 2 - (zoom * (y1 + y2)) / 2 } });
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

/**
 * Applies the wanted elements to cytoscape in one batch, touching only what changed since `applied` (what the
 * canvas was last given, updated here); with `positions`, new nodes are added there and the others moved.
 */
function syncElements(cy: Core, applied: Map<string, ElementDefinition>, elements: ElementDefinition[], positions?: Map<string, Point>): void {
  const changes = elementChanges(applied, elements);
  cy.batch(() => {
    for (const id of changes.removed) {
      cy.getElementById(id).remove();
      applied.delete(id);
    }
    for (const def of changes.dataChanged) cy.getElementById(def.data.id as string).data(def.data);
    for (const def of changes.classesChanged) cy.getElementById(def.data.id as string).classes(def.classes ?? '');
    for (const [id, position] of positions ?? []) if (applied.has(id)) cy.getElementById(id).position(position);
    cy.add(changes.added.map((def) => {
      const position = def.group === 'nodes' ? positions?.get(def.data.id as string) : undefined;
      return position ? { ...def, position } : def;
    }));
  });
  for (const def of elements) applied.set(def.data.id as string, def);
}
