import { expect, test } from './console-guard';
import { NamespaceMapPage } from './pages/namespace-map-page';

/**
 * A capture of a namespace of `workloads` workloads, each talking to 7 others on 8000-8002/TCP (a big map: more
 * than BIG_MAP_EDGES edges), one flow per pair and round, 1 in 10 AUDIT and 1 in 20 DROPPED, over the last minute.
 */
function bigMapCapture(namespace: string, workloads: number, rounds = 2): string {
  const lines: string[] = [];
  const start = Date.now() - 60_000;
  const total = workloads * 7 * rounds;
  for (let i = 0; i < total; i++) {
    const src = i % workloads;
    const k = Math.floor(i / workloads) % 7;
    const dst = (src * 7 + k * 13 + 1) % workloads;
    const verdict = i % 10 === 3 ? 'AUDIT' : i % 20 === 7 ? 'DROPPED' : 'FORWARDED';
    const ep = (n: number) => ({
      ID: 1000 + n, identity: 40000 + n, namespace, pod_name: `svc-${n}-6d8f7c9b5-qqqq${i % 3}`,
      labels: [`k8s:app.kubernetes.io/name=svc-${n}`, `k8s:io.kubernetes.pod.namespace=${namespace}`], workloads: [{ name: `svc-${n}`, kind: 'Deployment' }],
    });
    const time = new Date(start + i * 10).toISOString();
    lines.push(JSON.stringify({
      flow: {
        time, uuid: `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`, verdict, ...(verdict === 'DROPPED' ? { drop_reason_desc: 'POLICY_DENIED' } : {}),
        IP: { source: `10.3.${src >> 8}.${src & 255}`, destination: `10.4.${dst >> 8}.${dst & 255}`, ipVersion: 'IPv4' },
        l4: { TCP: { source_port: 30000 + i, destination_port: 8000 + (k % 3), flags: { SYN: true } } },
        source: ep(src), destination: ep(dst), Type: 'L3_L4', node_name: 'e2e/node-1', event_type: { type: 5 }, traffic_direction: 'EGRESS', is_reply: false,
      },
      node_name: 'e2e/node-1', time,
    }));
  }
  return lines.join('\n') + '\n';
}

/** What cytoscape draws for the map's edges between two cards: zoom, edge count, arrow heads and curve styles in use, AUDIT dashes. */
function edgeLook(el: HTMLElement | SVGElement) {
  type Edge = { style(name: string): string; hasClass(c: string): boolean; isLoop(): boolean };
  const cy = (el as unknown as { _cyreg: { cy: { zoom(): number; edges(): { map<T>(f: (e: Edge) => T): T[] } } } })._cyreg.cy;
  // Loops keep their curve and arrow (styles.ts, FAR_EDGE_STYLES).
  const edges = cy.edges().map((e) => e).filter((e) => !e.isLoop());
  return {
    zoom: cy.zoom(),
    edges: edges.length,
    arrows: [...new Set(edges.map((e) => e.style('target-arrow-shape')))].sort(),
    curves: [...new Set(edges.map((e) => e.style('curve-style')))].sort(),
    auditDashed: edges.filter((e) => e.hasClass('v-audit')).map((e) => e.style('line-style') === 'dashed'),
  };
}

test.describe('service map', () => {
  test('shows a namespace map where an AUDIT edge opens its flows', async ({ page }) => {
    const map = new NamespaceMapPage(page, 'webapp');
    await map.open();
    await map.expectNodes(3);
    await expect(map.auditEdges().first()).toBeVisible({ timeout: 20_000 });
    await map.auditEdges().first().click();
    const panel = map.sidePanel();
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('AUDIT');
    await expect(panel).toContainText('would be dropped when the policy is enforced');
    // The panel asks for the edge's recent flows (the live map carries no flow uuids).
    await expect(panel.locator('[data-testid="edge-flow"][data-verdict="AUDIT"]').first()).toBeVisible();
    await panel.getByRole('link', { name: 'Open in the flow table' }).click();
    await expect(page.getByTestId('flow-row').first()).toBeVisible();
    const verdicts = await page.getByTestId('flow-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
    expect(new Set(verdicts)).toEqual(new Set(['AUDIT']));
  });

  test('the all-namespaces overview links to a namespace', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('img', { name: 'Overview of all namespaces' })).toBeVisible();
    const overview = await (await page.request.get('/api/graph?window=1h')).json();
    expect(overview.nodes.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining(['namespace:webapp', 'namespace:blog', 'entity:world']));
    expect(overview.edges.some((e: { verdicts: { AUDIT?: number } }) => (e.verdicts.AUDIT ?? 0) > 0)).toBe(true);
  });

  test('the map filters hide verdicts and noise', async ({ page }) => {
    const map = new NamespaceMapPage(page, 'blog');
    await map.open();
    await map.expectNodes(2);
    const canvas = page.getByTestId('service-map');
    const shown = async () => Number(await canvas.getAttribute('data-edges'));
    await expect.poll(shown).toBeGreaterThan(0);
    const all = await shown();
    await page.getByRole('checkbox', { name: 'Forwarded' }).uncheck();
    await page.getByRole('checkbox', { name: 'Dropped' }).uncheck();
    // Only AUDIT edges remain: as many as the edge list shows.
    await expect.poll(shown).toBeLessThan(all);
    await expect.poll(async () => (await shown()) === (await map.auditEdges().count())).toBe(true);
    await page.getByRole('checkbox', { name: 'AUDIT' }).uncheck();
    await expect.poll(shown).toBe(0);
  });
});

test.describe('service map at 1440x900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('a connection opened from the list shows its side panel inside the window and is highlighted on the map', async ({ page }) => {
    const map = new NamespaceMapPage(page, 'webapp');
    await map.open();
    await map.expectNodes(3);
    const item = map.edgeItems().first();
    await expect(item).toBeVisible({ timeout: 20_000 });
    const edgeId = await item.getAttribute('data-edge-id');
    await item.click();
    const panel = map.sidePanel();
    await expect(panel).toBeVisible();
    await expect.poll(async () => {
      const box = (await panel.boundingBox())!;
      return box.x + box.width;
    }).toBeLessThanOrEqual(1440);
    const canvas = (await page.getByTestId('service-map').boundingBox())!;
    expect(canvas.x + canvas.width).toBeLessThanOrEqual((await panel.boundingBox())!.x);
    // The drawn edge that carries the selected connection is selected (highlighted) on the canvas.
    await expect.poll(async () => (await map.drawn()).selectedEdges.map((e) => e.members.split('\n'))).toEqual([expect.arrayContaining([edgeId])]);
  });

  for (const namespace of ['argocd', 'webapp', 'monitoring', 'blog']) {
    test(`the ${namespace} map is readable at fit: labels of 12 px or more, the canvas used, no edge through a label, ports on edges`, async ({ page }) => {
      const map = new NamespaceMapPage(page, namespace);
      await map.open();
      await map.expectNodes(2);
      await page.getByRole('button', { name: 'Zoom to fit' }).click();
      const drawn = await map.drawn();
      expect(drawn.minLabelPx).toBeGreaterThanOrEqual(12);
      expect(drawn.drawing.width / drawn.canvas.width).toBeGreaterThan(0.6);
      expect(drawn.drawing.height / drawn.canvas.height).toBeGreaterThan(0.5);
      expect(drawn.edgesThroughLabels).toEqual([]);
      for (const label of drawn.edgeLabels) expect(label).toMatch(/^(\d+\/(TCP|UDP|SCTP)|ICMP\w*|[A-Z]+)( · |$)/);
    });
  }

  test('the legend explains every mark drawn, on a namespace map and on the overview', async ({ page }) => {
    const map = new NamespaceMapPage(page, 'argocd');
    await map.open();
    await map.expectNodes(3);
    const legend = page.getByTestId('map-legend');
    const drawn = await map.drawn();
    const explained: Record<string, RegExp> = {
      'v-forwarded': /forwarded/, 'v-dropped': /dropped/, 'v-audit': /AUDIT/, 'v-other': /other verdicts/, 'kind-workload': /workload of this namespace/,
      external: /another namespace/, 'kind-world': /world/, 'kind-fqdn': /DNS name/, 'kind-host': /host/, 'kind-remote-node': /remote node/,
      'kind-health': /health/, 'kind-kube-apiserver': /kube-apiserver/, 'has-audit': /amber ring/, match: /matches the search/, dim: /others dimmed/,
      held: /held for review/,
    };
    for (const cls of [...drawn.nodeClasses, ...drawn.edgeClasses]) {
      expect(explained[cls], `legend entry for ${cls}`).toBeDefined();
      await expect(legend).toContainText(explained[cls]);
    }
    await page.goto('/');
    const overviewLegend = page.getByTestId('map-legend');
    await expect(overviewLegend).toContainText('amber ring: has AUDIT traffic');
    await expect(overviewLegend).toContainText('other verdicts');
    await expect.poll(async () => page.getByRole('img', { name: 'Overview of all namespaces' }).evaluate((el) => {
      const cy = (el as unknown as { _cyreg: { cy: { edges(): { map(f: (e: { data(k: string): string }) => string): string[] } } } })._cyreg.cy;
      return cy.edges().map((e) => e.data('label'));
    })).toEqual(expect.arrayContaining([expect.stringMatching(/\d+\/(TCP|UDP)/)]));
    const labels: string[] = await page.getByRole('img', { name: 'Overview of all namespaces' }).evaluate((el) => (el as unknown as { _cyreg: { cy: { edges(): { map(f: (e: { data(k: string): string }) => string): string[] } } } })._cyreg.cy.edges().map((e) => e.data('label')));
    expect(labels.filter((l) => /edge/.test(l))).toEqual([]);
  });

  test('a big map seen from far out is drawn without arrow heads (AUDIT still dashed); zooming in brings them back', async ({ page }) => {
    await page.goto('/captures');
    await page.getByTestId('capture-file').setInputFiles({ name: 'big-map.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(bigMapCapture('bigmap', 150)) });
    await expect(page.getByTestId('capture-result')).toContainText('2,100 flows imported');
    const map = new NamespaceMapPage(page, 'bigmap');
    await map.open();
    await map.expectNodes(150);
    const canvas = page.getByTestId('service-map');
    await expect.poll(async () => (await canvas.evaluate(edgeLook)).edges, { timeout: 20_000 }).toBeGreaterThanOrEqual(1000);
    const far = await canvas.evaluate(edgeLook);
    expect(far.zoom).toBeLessThan(0.3);
    expect(far.arrows).toEqual(['none']);
    expect(far.curves).toEqual(['haystack', 'straight']);
    expect(far.auditDashed.length).toBeGreaterThan(0);
    expect(far.auditDashed.every(Boolean)).toBe(true);

    // The wheel over the canvas zooms in; once the gesture ends past 0.3 the arrows are back.
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let step = 0; step < 60 && (await canvas.evaluate(edgeLook)).zoom <= 0.4; step++) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(30);
    }
    expect((await canvas.evaluate(edgeLook)).zoom).toBeGreaterThan(0.4);
    await expect.poll(async () => (await canvas.evaluate(edgeLook)).arrows).toEqual(['tee', 'triangle']);
    const near = await canvas.evaluate(edgeLook);
    expect(near.curves).not.toContain('haystack');
    expect(near.auditDashed.every(Boolean)).toBe(true);
  });
});
