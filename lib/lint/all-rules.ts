import type { LintRule } from './lint-rule';
import { portsServicePort } from './rules/ports-service-port';
import { ingressHostProbeMissing } from './rules/ingress-host-probe-missing';
import { peerCidrInsteadOfSelector } from './rules/peer-cidr-instead-of-selector';
import { fqdnDnsCompanionMissing } from './rules/fqdn-dns-companion-missing';
import { ccnpPeerNamespaceMissing } from './rules/ccnp-peer-namespace-missing';
import { selectorUnstableLabel } from './rules/selector-unstable-label';
import { ccnpDnsNotInSameResource } from './rules/ccnp-dns-not-in-same-resource';
import { ingressViaIngressController } from './rules/ingress-via-ingress-controller';
import { auditWindowTooLong } from './rules/audit-window-too-long';
import { annotationAuditMode } from './rules/annotation-audit-mode';
import { patchL7DuringAudit } from './rules/patch-l7-during-audit';
import { toServicesWithToPorts } from './rules/to-services-with-to-ports';
import { peerEmptyList } from './rules/peer-empty-list';

/** Every lint rule, in registry (code) order. */
export const LINT_RULES: readonly LintRule[] = [
  portsServicePort,
  ingressHostProbeMissing,
  peerCidrInsteadOfSelector,
  fqdnDnsCompanionMissing,
  ccnpPeerNamespaceMissing,
  selectorUnstableLabel,
  ccnpDnsNotInSameResource,
  ingressViaIngressController,
  auditWindowTooLong,
  annotationAuditMode,
  patchL7DuringAudit,
  toServicesWithToPorts,
  peerEmptyList,
];
