import { source } from './source';

/**
 * The blog's policy file as it sits in a GitOps repository, with comments a merge must keep (test-only): the one
 * copy the analysis, export planning and GitHub export tests merge into.
 */
export const BLOG_POLICY_YAML = source`
  # The blog's policy, from the GitOps repo. Owned by the web team.
  apiVersion: cilium.io/v2
  kind: CiliumNetworkPolicy
  metadata:
    name: blog-policy
    namespace: blog
  spec:
    endpointSelector:
      matchLabels:
        app.kubernetes.io/name: blog
    ingress:
      - fromEntities:
          - health # Cilium health checks
`;
