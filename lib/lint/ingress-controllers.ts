import type { EndpointInfo } from '../policy/selector-entities';
import type { IngressControllerRef } from './lint-rule';

/** Names of well-known ingress controllers / gateways, matched against name labels and the namespace. */
const KNOWN = /^(traefik|ingress-nginx|nginx-ingress|haproxy-ingress|contour|kong|istio-ingressgateway|envoy-gateway|emissary-ingress|ambassador)/;
const NAME_KEYS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app', 'k8s-app', 'istio'];

/** A predicate telling whether an endpoint is an ingress controller. */
export type IngressControllerMatcher = (info: EndpointInfo) => boolean;

/**
 * Builds the ingress-controller predicate. With `refs`, an endpoint matches a ref when the namespace (if given)
 * and every label (if given) match. Default (no refs): the `ingress` entity (Cilium's own Ingress/Gateway), or a
 * pod whose namespace or name labels start with a known controller name (`traefik`, `ingress-nginx`, ...).
 */
export function createIngressControllerMatcher(refs?: readonly IngressControllerRef[]): IngressControllerMatcher {
  if (refs && refs.length > 0) {
    return (info) => info.isPod && refs.some((ref) => matchesRef(info, ref));
  }
  return (info) => {
    if (info.entities.has('ingress')) return true;
    if (!info.isPod) return false;
    if (KNOWN.test(info.namespace)) return true;
    return NAME_KEYS.some((key) => info.labels.get(key)?.some((l) => KNOWN.test(l.value)));
  };
}

function matchesRef(info: EndpointInfo, ref: IngressControllerRef): boolean {
  if (ref.namespace !== undefined && ref.namespace !== info.namespace) return false;
  return Object.entries(ref.labels ?? {}).every(([key, value]) => info.labels.get(key)?.some((l) => l.value === value));
}
