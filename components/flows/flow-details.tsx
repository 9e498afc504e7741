'use client';

import type { Endpoint, Flow } from '@/lib/flow/flow';
import { describeEventType } from '@/lib/flow/describe';
import { VerdictBadge } from '../ui/verdict-badge';
import { formatDateTime } from '../ui/format';
import { FlowFinding } from './flow-finding';
import { FlowPolicyAttribution } from './flow-policy-attribution';
import { FieldList } from './field-list';

/** Every field of a flow, including all labels of both endpoints; for an AUDIT flow its finding and triage. Text only: React escapes it all. */
export function FlowDetails({ flow, namespace, onClose }: { flow: Flow; namespace: string; onClose(): void }) {
  const l4 = flow.l4;
  return (
    <aside aria-label="Flow details" data-testid="flow-details" className="rounded-lg border border-slate-200 bg-white p-3 text-xs">
      <div className="mb-2 flex items-center justify-between">
        <h3 className="text-sm font-semibold">Flow details</h3>
        <button type="button" onClick={onClose} className="text-slate-500 hover:text-slate-900" aria-label="Close flow details">✕</button>
      </div>
      <div className="mb-2"><VerdictBadge verdict={flow.verdict} /> {flow.dropReason}</div>
      <FlowFinding flow={flow} namespace={namespace} />
      <FlowPolicyAttribution flow={flow} />
      <FieldList
        rows={[
          ['uuid', flow.uuid],
          ['time', `${formatDateTime(flow.time)} (+${flow.timeNanos} ns)`],
          ['event', `${describeEventType(flow)} (type ${flow.eventType}, sub-type ${flow.eventSubType})`],
          ['flow type', flow.type],
          ['direction', flow.trafficDirection],
          ['is reply', flow.isReply === undefined ? 'unknown' : String(flow.isReply)],
          ['IP', `${flow.ip.source} → ${flow.ip.destination} (${flow.ip.ipVersion}${flow.ip.encrypted ? ', encrypted' : ''})${flow.ip.sourceXlated ? ` SNAT ${flow.ip.sourceXlated}` : ''}`],
          ['L4', l4 ? JSON.stringify(l4) : '-'],
          ['source names', flow.sourceNames.join(', ') || '-'],
          ['destination names', flow.destinationNames.join(', ') || '-'],
          ['source service', flow.sourceService ? `${flow.sourceService.namespace}/${flow.sourceService.name}` : '-'],
          ['destination service', flow.destinationService ? `${flow.destinationService.namespace}/${flow.destinationService.name}` : '-'],
          ['node', flow.nodeName],
          ['node labels', flow.nodeLabels.join(', ') || '-'],
          ['trace point', flow.traceObservationPoint || '-'],
          ['trace reason', flow.traceReason || '-'],
          ['interface', flow.interfaceName || '-'],
          ['proxy port', flow.proxyPort ? String(flow.proxyPort) : '-'],
          ['summary', flow.summary || '-'],
          ['emitter', flow.emitter ? `${flow.emitter.name} ${flow.emitter.version}` : '-'],
          ['L7', flow.l7 ? JSON.stringify(flow.l7) : '-'],
        ]}
      />
      <EndpointFields title="Source" endpoint={flow.source} />
      <EndpointFields title="Destination" endpoint={flow.destination} />
    </aside>
  );
}

function EndpointFields({ title, endpoint }: { title: string; endpoint: Endpoint }) {
  return (
    <section className="mt-3">
      <h4 className="font-semibold">{title}</h4>
      <FieldList
        rows={[
          ['pod', endpoint.podName || '-'],
          ['namespace', endpoint.namespace || '-'],
          ['identity', String(endpoint.identity)],
          ['endpoint ID', String(endpoint.id)],
          ['cluster', endpoint.clusterName || '-'],
          ['workloads', endpoint.workloads.map((w) => `${w.kind}/${w.name}`).join(', ') || '-'],
        ]}
      />
      <ul className="mt-1 space-y-0.5" data-testid={`${title.toLowerCase()}-labels`}>
        {endpoint.labels.map((l) => <li key={l} className="break-all font-mono text-slate-700">{l}</li>)}
        {endpoint.labels.length === 0 && <li className="text-slate-500">no labels</li>}
      </ul>
    </section>
  );
}
