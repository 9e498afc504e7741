import { expect, type Page } from '@playwright/test';

/** A namespace's Map tab. */
export class NamespaceMapPage {
  constructor(readonly page: Page, readonly namespace: string) {}

  async open(): Promise<void> {
    await this.page.goto(`/namespaces/${this.namespace}?tab=map`);
    await expect(this.page.getByTestId('service-map')).toBeVisible();
  }

  /** Waits until the map shows at least `nodes` nodes. */
  async expectNodes(nodes: number): Promise<void> {
    await expect.poll(async () => Number(/(\d+) nodes/.exec((await this.page.getByTestId('map-counts').textContent()) ?? '')?.[1] ?? 0), { timeout: 20_000 }).toBeGreaterThanOrEqual(nodes);
  }

  auditEdges() {
    return this.page.locator('[data-testid="edge-item"][data-verdict="audit"]');
  }

  sidePanel() {
    return this.page.getByTestId('map-side-panel');
  }

  edgeItems() {
    return this.page.getByTestId('edge-item');
  }

  /** Facts about what cytoscape drew (read from the instance cytoscape keeps on its container). */
  async drawn(): Promise<MapGeometry> {
    return this.page.getByTestId('service-map').evaluate(readGeometry);
  }
}

/** What the canvas shows, in rendered (screen) pixels. */
export interface MapGeometry {
  zoom: number;
  canvas: { width: number; height: number };
  drawing: { width: number; height: number };
  /** Smallest node label as rendered. */
  minLabelPx: number;
  /** Edges whose line passes through the label of a node that is not one of its ends. */
  edgesThroughLabels: string[];
  edgeLabels: string[];
  nodeClasses: string[];
  edgeClasses: string[];
  selectedEdges: { id: string; members: string }[];
}

type Pt = { x: number; y: number };
interface CyLike {
  zoom(): number;
  width(): number;
  height(): number;
  elements(): { renderedBoundingBox(): { w: number; h: number } };
  nodes(): CyCollection;
  edges(sel?: string): CyCollection;
}
interface CyCollection {
  map<T>(fn: (e: CyElement) => T): T[];
}
interface CyElement {
  id(): string;
  data(k: string): string;
  style(k: string): string;
  classes(): string[];
  source(): CyElement;
  target(): CyElement;
  renderedBoundingBox(o: object): { x1: number; y1: number; x2: number; y2: number };
  renderedSourceEndpoint(): Pt;
  renderedTargetEndpoint(): Pt;
  renderedControlPoints?(): Pt[] | undefined;
}

// Runs in the page: no closures over test code.
function readGeometry(element: Element): MapGeometry {
  const cy = (element as unknown as { _cyreg: { cy: CyLike } })._cyreg.cy;
  const zoom = cy.zoom();
  const box = cy.elements().renderedBoundingBox();
  const nodes = cy.nodes().map((n) => ({ id: n.id(), label: n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }), font: parseFloat(n.style('font-size')) }));
  const hits = (a: Pt, b: Pt, r: { x1: number; y1: number; x2: number; y2: number }) => {
    let t0 = 0;
    let t1 = 1;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    for (const [p, q] of [[-dx, a.x - r.x1], [dx, r.x2 - a.x], [-dy, a.y - r.y1], [dy, r.y2 - a.y]]) {
      if (p === 0) {
        if (q < 0) return false;
        continue;
      }
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
    return true;
  };
  const edgesThroughLabels = cy.edges().map((e) => {
    const ends = new Set([e.source().id(), e.target().id()]);
    if (ends.size === 1) return ''; // a loop
    let controls: Pt[] = [];
    try {
      controls = e.renderedControlPoints?.() ?? [];
    } catch {
      // straight edges have none (cytoscape throws)
    }
    const points = [e.renderedSourceEndpoint(), ...controls, e.renderedTargetEndpoint()];
    for (const n of nodes) {
      if (ends.has(n.id)) continue;
      for (let i = 1; i < points.length; i++) if (hits(points[i - 1], points[i], n.label)) return `${e.id()} through ${n.id}`;
    }
    return '';
  }).filter(Boolean);
  return {
    zoom,
    canvas: { width: cy.width(), height: cy.height() },
    drawing: { width: box.w, height: box.h },
    minLabelPx: Math.min(...nodes.map((n) => n.font * zoom)),
    edgesThroughLabels,
    edgeLabels: cy.edges().map((e) => e.data('label')),
    nodeClasses: [...new Set(cy.nodes().map((n) => n.classes()).flat())],
    edgeClasses: [...new Set(cy.edges().map((e) => e.classes()).flat())],
    selectedEdges: cy.edges(':selected').map((e) => ({ id: e.id(), members: e.data('members') })),
  };
}
