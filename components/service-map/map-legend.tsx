/**
 * The legend: every mark the map draws (styles.ts), so nothing on the canvas needs guessing. AUDIT reads without
 * colour (dashed, diamond marker). `overview` describes the all-namespaces map, whose nodes are namespaces.
 */
export function MapLegend({ overview = false }: { overview?: boolean }) {
  const line = (colour: string, width = 2, dash?: string) => <line x1="0" y1="5" x2="36" y2="5" stroke={colour} strokeWidth={width} strokeDasharray={dash} />;
  const box = (fill: string, stroke: string, extra: Record<string, string | number> = {}) => <rect x="1" y="1" width="34" height="12" rx="3" fill={fill} stroke={stroke} strokeWidth="1.5" {...extra} />;
  return (
    <ul className="mt-2 flex flex-wrap gap-x-5 gap-y-1 text-xs text-slate-600" aria-label="Legend" data-testid="map-legend">
      <li><svg width="36" height="10" aria-hidden>{line('#16a34a')}</svg> forwarded</li>
      <li><svg width="36" height="10" aria-hidden>{line('#dc2626')}<line x1="35" y1="1" x2="35" y2="9" stroke="#dc2626" strokeWidth="2" /></svg> dropped (tee)</li>
      <li>
        <svg width="36" height="10" aria-hidden>{line('#d97706', 3, '7 4')}<rect x="15" y="2" width="6" height="6" fill="white" stroke="#d97706" transform="rotate(45 18 5)" /></svg>{' '}
        AUDIT: dashed, diamond marker; would be dropped when the policy is enforced
      </li>
      <li><svg width="36" height="10" aria-hidden>{line('#94a3b8')}</svg> other verdicts (traced, translated, unknown)</li>
      {!overview && <li><svg width="36" height="10" aria-hidden><line x1="0" y1="5" x2="36" y2="5" stroke="#dc2626" strokeOpacity="0.35" strokeWidth="10" />{line('#d97706', 3, '7 4')}</svg> red outline: held for review (a finding triage holds out of the patch)</li>}
      <li><svg width="36" height="10" aria-hidden>{line('#16a34a', 6)}<line x1="0" y1="5" x2="36" y2="5" stroke="#0ea5e9" strokeOpacity="0.45" strokeWidth="10" /></svg> selected</li>
      <li>{overview ? 'edge label: its ports (most used first)' : 'edge label: its ports, one edge per direction between two peers'}</li>
      {!overview && <li>a big map seen from far out draws its edges without arrow heads: zoom in to see them</li>}
      {overview ? (
        <li><svg width="36" height="14" aria-hidden>{box('#dbeafe', '#1d4ed8')}</svg> a namespace (workloads seen)</li>
      ) : (
        <>
          <li><svg width="36" height="14" aria-hidden>{box('#dbeafe', '#1d4ed8')}</svg> workload of this namespace</li>
          <li><svg width="36" height="14" aria-hidden>{box('#f1f5f9', '#1d4ed8', { strokeDasharray: '3 2' })}</svg> workload of another namespace (namespace/name)</li>
        </>
      )}
      <li><svg width="36" height="14" aria-hidden><polygon points="6,7 10,1 26,1 30,7 26,13 10,13" fill="#ede9fe" stroke="#6d28d9" strokeWidth="1.5" /></svg> world / DNS name</li>
      <li><svg width="36" height="14" aria-hidden>{box('#fef9c3', '#a16207', { rx: 6 })}</svg> host, remote node, health</li>
      <li><svg width="36" height="14" aria-hidden><polygon points="5,1 31,1 35,5 35,13 1,13 1,5" fill="#fee2e2" stroke="#b91c1c" strokeWidth="1.5" /></svg> kube-apiserver</li>
      <li><svg width="36" height="14" aria-hidden>{box('#dbeafe', '#d97706', { strokeWidth: 3 })}</svg> amber ring: has AUDIT traffic</li>
      {!overview && <li><svg width="36" height="14" aria-hidden>{box('#dbeafe', '#0ea5e9', { strokeWidth: 3 })}</svg> matches the search (others dimmed)</li>}
    </ul>
  );
}
