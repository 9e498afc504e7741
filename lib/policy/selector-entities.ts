import type { Endpoint } from '../flow/flow';
import { RESERVED_IDENTITIES } from '../flow/labels';
import { indexLabels, type LabelIndex } from './selector-matches';
import { NAMESPACE_LABEL } from './selector-compile';
import { parseNamedPorts, type NamedPorts } from './selector-ports';

/** What the evaluator needs to know about one flow endpoint. */
export interface EndpointInfo {
  labels: LabelIndex;
  /** The pod's namespace; empty for reserved identities. */
  namespace: string;
  /** A Kubernetes pod (the only kind of endpoint a CNP/CCNP `endpointSelector` selects here). */
  isPod: boolean;
  /** Outside the cluster: `reserved:world*`, CIDR or FQDN identities. CIDR and FQDN rules apply only to these. */
  isWorld: boolean;
  /** Reserved entity names the endpoint carries (`host`, `remote-node`, `kube-apiserver`, `world-ipv4`, ...). */
  entities: ReadonlySet<string>;
  /** Named container ports from the `gen:io.cilium.k8s.named-ports` label, when Hubble shows it. */
  namedPorts: NamedPorts | undefined;
}

/** Local-scope (CIDR/FQDN) identities start at 1<<24; remote-node-scope identities at 2<<24 (docs/hubble-identities.md). */
const LOCAL_SCOPE = 1 << 24;
const REMOTE_NODE_SCOPE = 2 << 24;

/** The entities making up `cluster` besides pods (pkg/policy/api/entity.go `InitEntities`). */
const CLUSTER_ENTITIES = ['host', 'remote-node', 'kube-apiserver', 'health', 'ingress', 'init', 'unmanaged'];

/**
 * Classifies a flow endpoint. Reserved entities come from `reserved:` labels, else from the numeric identity
 * (7 = kube-apiserver + remote-node); an endpoint with a namespace and no reserved label is a pod. A pod whose
 * labels lack the namespace label (field-masked exports) gets it from `namespace`.
 */
export function describeEndpoint(endpoint: Endpoint): EndpointInfo {
  const labels = indexLabels(endpoint.labels);
  const entities = new Set<string>();
  for (const entry of labels.entries()) {
    if (entry[1].some((l) => l.source === 'reserved')) entities.add(entry[0]);
  }
  const identity = endpoint.identity;
  if (entities.size === 0 && !endpoint.namespace && !labels.has(NAMESPACE_LABEL)) {
    if (identity > 0 && identity < 16 && RESERVED_IDENTITIES[identity]) entities.add(RESERVED_IDENTITIES[identity]);
    if (identity === 7) entities.add('remote-node');
    if (identity >= REMOTE_NODE_SCOPE) entities.add('remote-node');
    else if (identity >= LOCAL_SCOPE || hasSource(labels, 'cidr') || hasSource(labels, 'fqdn')) entities.add('world');
  }
  if (entities.has('world-ipv4') || entities.has('world-ipv6')) entities.add('world');
  const isWorld = entities.has('world');
  const isPod = entities.size === 0 && (endpoint.namespace !== '' || labels.has(NAMESPACE_LABEL));
  if (isPod && !labels.has(NAMESPACE_LABEL)) labels.set(NAMESPACE_LABEL, [{ source: 'k8s', value: endpoint.namespace }]);
  const namespace = isPod ? endpoint.namespace || (labels.get(NAMESPACE_LABEL)?.[0]?.value ?? '') : '';
  const named = labels.get('io.cilium.k8s.named-ports')?.[0]?.value;
  return { labels, namespace, isPod, isWorld, entities, namedPorts: named ? parseNamedPorts(named) : undefined };
}

/** The label naming a pod's ClusterMesh cluster. */
const CLUSTER_LABEL = 'io.cilium.k8s.policy.cluster';

/**
 * True when `entity` (a `fromEntities`/`toEntities` value) covers the endpoint. Unknown entities match nothing.
 * `cluster` is the local cluster (`InitEntities(clusterName)`, rule 31): the reserved in-cluster identities plus
 * pods labelled `io.cilium.k8s.policy.cluster=<clusterName>`; a pod whose labels Hubble did not export at all
 * (no cluster label) is taken as local. Note: recent Cilium also scopes peer *selectors* to the local cluster by
 * default (`policy-default-local-cluster`); Lockstep's peer selectors do not model that, as captures from one
 * cluster carry one cluster name.
 */
export function entityMatches(entity: string, info: EndpointInfo, clusterName = 'default'): boolean {
  switch (entity) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'world':
      return info.isWorld;
    case 'world-ipv4':
    case 'world-ipv6':
      // A single-stack world identity (`reserved:world`) stands for either family.
      return info.entities.has(entity) || (info.isWorld && !info.entities.has(entity === 'world-ipv4' ? 'world-ipv6' : 'world-ipv4'));
    case 'cluster':
      return info.isPod ? isLocalClusterPod(info, clusterName) : CLUSTER_ENTITIES.some((e) => info.entities.has(e));
    default:
      return info.entities.has(entity);
  }
}

function isLocalClusterPod(info: EndpointInfo, clusterName: string): boolean {
  const labels = info.labels.get(CLUSTER_LABEL);
  return !labels || labels.some((l) => l.value === clusterName);
}

function hasSource(labels: LabelIndex, source: string): boolean {
  for (const list of labels.values()) if (list.some((l) => l.source === source)) return true;
  return false;
}
