import 'server-only';
import { z } from 'zod';
import type { Flow } from '@/lib/flow/flow';
import { analyzeFlows, type FlowsAnalysis } from '@/lib/analysis/analyze-flows';
import { readCapture, type CaptureProblem } from '../captures/read-capture';
import { AppError } from '../errors';
import { parseJsonText } from '../json-body';
import { isValidNamespace } from '@/lib/findings/label-validation';
import { readBodyText } from '../body/read-body';
import type { ClusterFacts } from '@/lib/policy/cluster-facts';

const MAX_BYTES = 64 * 1024 * 1024;
/** A capture with this many bad lines is not a capture: stop instead of parsing the rest. */
const MAX_INVALID_LINES = 1000;

const JsonBody = z.object({
  flows: z.string(),
  policies: z.array(z.object({ name: z.string().min(1).max(200), text: z.string().max(1024 * 1024) })).max(200).optional(),
  namespace: z.string().refine(isValidNamespace, 'not a namespace name').optional(),
  evidence: z.boolean().optional(),
  fqdnPatterns: z.boolean().optional(),
});

/** The answer of POST /api/analyze. */
export type AnalyzeResponse = FlowsAnalysis & { lines: { read: number; flows: number; invalid: number; problems: CaptureProblem[] } };

/** Where the server's cluster facts come from: the same as the live analysis' (cilium-config, else the environment). */
export interface ClusterFactsSource {
  clusterFacts(): Promise<Partial<ClusterFacts>>;
}

/**
 * Parses and analyses a POST /api/analyze request, under the server's cluster facts (`allow-localhost`,
 * `cluster-name`), as the live analysis does; the capture's own evidence applies only where they are defaults.
 */
export async function analyzeCaptureRequest(request: Request, facts: ClusterFactsSource): Promise<AnalyzeResponse> {
  const text = await readBodyText(request, { surface: 'capture', maxBytes: MAX_BYTES, hint: 'use `npx lockstep suggest` for larger captures' });
  const isJson = (request.headers.get('content-type') ?? '').includes('application/json');
  let body: z.infer<typeof JsonBody> = { flows: text };
  if (isJson) {
    body = parseJsonText(text, JsonBody, 'capture');
  }
  const flows: Flow[] = [];
  const capture = await readCapture(Buffer.from(body.flows), { onFlow: (f) => flows.push(f), maxInvalid: MAX_INVALID_LINES });
  if (capture.invalid >= MAX_INVALID_LINES && capture.fatal) throw new AppError('bad_request:capture', capture.fatal, { problems: capture.problems.slice(0, 20) });
  if (capture.flowCount === 0 && capture.invalid > 0) {
    throw new AppError('bad_request:capture', `no flow could be read: line ${capture.problems[0].line}: ${capture.problems[0].reason}`, { problems: capture.problems.slice(0, 20) });
  }
  const cluster = await facts.clusterFacts();
  const analysis = analyzeFlows(flows, { cluster, namespace: body.namespace, existingPolicies: body.policies, evidenceComments: body.evidence ?? true, fqdnPatterns: body.fqdnPatterns ?? false, now: Date.now() });
  return { ...analysis, lines: { read: capture.lines, flows: capture.flowCount, invalid: capture.invalid, problems: capture.problems } };
}
