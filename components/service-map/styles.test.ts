import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { MAP_STYLES, mapStyles } from './styles';

/** A headless cytoscape with the map's styles: two cards and an edge between them. */
function mapWith(edge: Record<string, unknown>, classes: string, style = MAP_STYLES) {
  return cytoscape({
    headless: true,
    styleEnabled: true,
    style,
    elements: [
      { group: 'nodes', data: { id: 'a', label: 'a', width: 64, height: 30 }, classes: 'kind-workload' },
      { group: 'nodes', data: { id: 'b', label: 'b', width: 64, height: 30 }, classes: 'kind-workload' },
      { group: 'edges', data: { id: 'e', source: 'a', target: 'b', ...edge }, classes },
    ],
  });
}

describe('MAP_STYLES', () => {
  it('draws a labelled edge with its label, readable on a white background', () => {
    const e = mapWith({ label: '443/TCP' }, 'v-forwarded').getElementById('e');
    expect(e.style('label')).toBe('443/TCP');
    expect(e.style('font-size')).toBe('12px');
    expect(e.style('text-background-color')).toBe('rgb(255,255,255)');
    expect(e.style('text-rotation')).toBe('autorotate');
    expect(e.style('line-color')).toBe('rgb(22,163,74)');
  });

  it('an AUDIT edge stays dashed with a diamond, its label bold amber; a big map dashes it longer', () => {
    const e = mapWith({ label: '8080/TCP' }, 'v-audit').getElementById('e');
    expect(e.style('line-style')).toBe('dashed');
    expect(e.style('mid-target-arrow-shape')).toBe('diamond');
    expect(e.style('font-weight')).toBe('bold');
    expect(e.style('color')).toBe('rgb(146,64,14)');
    expect(e.style('width')).toBe('3px');
    const big = mapWith({ label: '', bigMap: true }, 'v-audit').getElementById('e');
    expect(big.style('line-dash-pattern')).toBe('60 30');
  });

  it("a big map's unlabelled edge gets the label style when hovering gives it text, and loses it after", () => {
    const cy = mapWith({ label: '', bigMap: true }, 'v-audit');
    const e = cy.getElementById('e');
    expect(e.style('label')).toBe('');
    e.data('label', '8080/TCP  ✓0 ✕0 ⚠3');
    expect(e.style('label')).toBe('8080/TCP  ✓0 ✕0 ⚠3');
    expect(e.style('font-size')).toBe('12px');
    expect(e.style('color')).toBe('rgb(146,64,14)');
    e.data('label', '');
    expect(e.style('label')).toBe('');
  });

  it('curves an edge only when its reverse is drawn too', () => {
    expect(mapWith({ label: '' }, 'v-forwarded').getElementById('e').style('curve-style')).toBe('straight');
    const twoWay = mapWith({ label: '', twoWay: true }, 'v-forwarded').getElementById('e');
    expect(twoWay.style('curve-style')).toBe('bezier');
    expect(twoWay.style('control-point-step-size')).toBe('24px');
  });

  it("seen from far out, a big map's edges lose their arrow heads and go to the cards' centres; AUDIT stays dashed", () => {
    const far = mapStyles(true);
    const forwarded = mapWith({ label: '', bigMap: true, twoWay: true }, 'v-forwarded', far).getElementById('e');
    expect(forwarded.style('target-arrow-shape')).toBe('none');
    expect(forwarded.style('curve-style')).toBe('haystack');
    const audit = mapWith({ label: '', bigMap: true }, 'v-audit', far).getElementById('e');
    expect(audit.style('curve-style')).toBe('straight');
    expect(audit.style('line-style')).toBe('dashed');
    expect(audit.style('line-dash-pattern')).toBe('60 30');
    expect(audit.style('mid-target-arrow-shape')).toBe('none');
    // A map that is not big keeps every mark, whatever the zoom.
    const small = mapWith({ label: '' }, 'v-dropped', far).getElementById('e');
    expect(small.style('target-arrow-shape')).toBe('tee');
    expect(small.style('curve-style')).toBe('straight');
    expect(mapStyles(false)).toBe(MAP_STYLES);
  });
});
