import { parseAllDocuments } from 'yaml';
import { isCiliumPolicy, type CiliumPolicyKind } from '../policy/cnp-types';

/** Where one Cilium policy document lives in a repository. */
export interface PolicyLocation {
  path: string;
  /** Index of the document in its file (0-based, `---` separated). */
  docIndex: number;
  kind: CiliumPolicyKind;
  /** `metadata.namespace`; undefined for a CCNP or a CNP whose namespace comes from elsewhere (kustomize). */
  namespace: string | undefined;
  name: string;
}

/** A cheap test before parsing: a file without `cilium.io/` holds no Cilium policy. */
export function mightHoldPolicies(text: string): boolean {
  return text.includes('cilium.io/');
}

/**
 * The Cilium policies (CNP and CCNP) in one YAML file, by document. Files that do not parse as YAML (Helm
 * templates, say) or hold no Cilium policy give an empty list: they are not Lockstep's to edit.
 */
export function indexPolicyFile(path: string, text: string): PolicyLocation[] {
  if (!mightHoldPolicies(text)) return [];
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return [];
  const out: PolicyLocation[] = [];
  docs.forEach((doc, docIndex) => {
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch {
      return; // alias bombs: not a file to touch
    }
    if (!isCiliumPolicy(value) || typeof value.metadata?.name !== 'string') return;
    const namespace = typeof value.metadata.namespace === 'string' ? value.metadata.namespace : undefined;
    out.push({ path, docIndex, kind: value.kind, namespace: value.kind === 'CiliumNetworkPolicy' ? namespace : undefined, name: value.metadata.name });
  });
  return out;
}

/** Options of {@link policyPathFor}. */
export interface PolicyPathOptions {
  /** With `{namespace}` in it. Default: `apps/{namespace}/cilium-policies.yaml`. */
  template?: string;
}

/** The fallback path of a namespace's policies, from the template. */
export function policyPathFor(namespace: string, options: PolicyPathOptions = {}): string {
  return (options.template ?? 'apps/{namespace}/cilium-policies.yaml').replaceAll('{namespace}', namespace);
}
