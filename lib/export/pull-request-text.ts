import { describeFinding } from '../findings/describe-finding';
import type { Finding } from '../findings/finding';
import type { ClusterResolvers } from '../policy/detect-cluster-resolvers';
import type { FileChange } from './file-change';

/** One accepted finding with its review, for the evidence table. */
export interface EvidenceRow {
  finding: Finding;
  /** The review decision (`accepted`). */
  decision: string;
  /** Who decided, when known. */
  reviewer?: string;
}

/** Title, body and commit message of an export. */
export interface PullRequestText {
  title: string;
  body: string;
  commitMessage: string;
}

/** "Would be dropped if enforced now" numbers. */
export interface WouldDropNumbers {
  flows: number;
  findings: number;
}

/** Input of {@link namespacePullRequestText}. */
export interface NamespacePullRequestInput {
  namespace: string;
  accepted: readonly EvidenceRow[];
  /** Findings of the namespace left out of the change (rejected, needs-info, not yet reviewed). */
  leftOut: number;
  replay: { before: WouldDropNumbers; after: WouldDropNumbers };
  changes: readonly FileChange[];
  /** Warnings to show (scan limits, new files the GitOps tool must pick up). */
  notes?: readonly string[];
}

/** Most evidence rows in a body: GitHub limits a body to 65,536 characters. */
const MAX_ROWS = 150;
const MAX_BODY = 60_000;

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').slice(0, 200);
}

function when(ms: number): string {
  return Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z` : '–';
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

function evidenceTable(rows: readonly EvidenceRow[]): string[] {
  const lines = ['| Finding | Flows | First seen | Last seen | Reviewer | Decision |', '|---|---:|---|---|---|---|'];
  for (const row of rows.slice(0, MAX_ROWS)) {
    const f = row.finding;
    lines.push(`| \`${cell(describeFinding(f))}\` | ${f.flows.toLocaleString('en')} | ${when(f.firstSeen)} | ${when(f.lastSeen)} | ${cell(row.reviewer ?? '–')} | ${cell(row.decision)} |`);
  }
  if (rows.length > MAX_ROWS) lines.push(`| … and ${count(rows.length - MAX_ROWS, 'more finding')} | | | | | |`);
  return lines;
}

function fileList(changes: readonly FileChange[]): string[] {
  return changes.map((c) => `- \`${c.path}\`${c.oldText === undefined ? ' (new file)' : ''}: ${c.summary.join('; ') || 'updated'}`);
}

function finish(body: string[], marker: string): string {
  const text = [...body, '', `<sub>Opened by Lockstep. Exporting again updates this pull request.</sub>`, `<!-- lockstep:${marker} -->`].join('\n');
  return text.length <= MAX_BODY ? text : `${text.slice(0, MAX_BODY)}\n\n… (cut: GitHub limits the body's length)\n<!-- lockstep:${marker} -->`;
}

/** The pull request and commit of a namespace's accepted patch: evidence table and before/after numbers. */
export function namespacePullRequestText(input: NamespacePullRequestInput): PullRequestText {
  const { namespace, accepted, replay } = input;
  const title = `Lockstep: allow ${count(accepted.length, 'accepted finding')} in ${namespace}`;
  const drop = (n: WouldDropNumbers) => `${count(n.flows, 'flow')} (${count(n.findings, 'finding')})`;
  const body = [
    `CiliumNetworkPolicy changes for namespace \`${namespace}\` from ${count(accepted.length, 'accepted finding')}: AUDIT verdicts recorded by Hubble and reviewed in Lockstep.`,
    '',
    '| Would be dropped if enforced now | Flows (findings) |',
    '|---|---|',
    `| Before this change | ${drop(replay.before)} |`,
    `| After this change | ${drop(replay.after)} |`,
    '',
    input.leftOut > 0 ? `${count(input.leftOut, 'finding')} of the namespace ${input.leftOut === 1 ? 'is' : 'are'} left out (rejected, waiting for information or not reviewed yet): their flows stay dropped once the namespace enforces.` : 'Every finding of the namespace is in this change.',
    '',
    '### Evidence',
    ...evidenceTable(accepted),
    '',
    '### Files',
    ...fileList(input.changes),
    ...(input.notes?.length ? ['', '### Notes', ...input.notes.map((n) => `- ${n}`)] : []),
  ];
  const lines = accepted.slice(0, 30).map((r) => `- ${describeFinding(r.finding)} (${count(r.finding.flows, 'flow')})`);
  if (accepted.length > 30) lines.push(`- … and ${count(accepted.length - 30, 'more finding')}`);
  const commitMessage = [
    `lockstep(${namespace}): allow ${count(accepted.length, 'accepted finding')}`,
    '',
    ...lines,
    '',
    `Would be dropped if enforced now: ${drop(replay.before)} before, ${drop(replay.after)} after.`,
  ].join('\n');
  return { title, body: finish(body, `namespace:${namespace}`), commitMessage };
}

function describeResolver(r: ClusterResolvers['resolvers'][number]): string {
  if (r.kind === 'endpoint') return `pods \`${Object.entries(r.selector).map(([k, v]) => `${k}=${v}`).join(',')}\` (${r.namespace}/${r.workload})`;
  return r.kind === 'entity' ? `entity \`${r.entity}\`` : `\`${r.cidr}\``;
}

/** The pull request and commit of the step-8 cluster-wide default-deny. */
export function defaultDenyPullRequestText(input: { policyName: string; detection: ClusterResolvers; changes: readonly FileChange[]; notes?: readonly string[] }): PullRequestText {
  const { detection } = input;
  const how = detection.source === 'detected' ? `seen answering DNS in ${count(detection.findingIds.length, 'finding')}` : 'NOT detected: no DNS traffic was recorded, so this is the conventional kube-dns. Check it before merging';
  const body = [
    `Rollout step 8: the CiliumClusterwideNetworkPolicy \`${input.policyName}\` puts every namespace except kube-system into default-deny. DNS to the cluster resolvers is allowed in the same resource, so lookups keep working the moment it lands.`,
    '',
    `Resolvers (${how}):`,
    ...detection.resolvers.map((r) => `- ${describeResolver(r)} on 53/UDP and 53/TCP, \`rules.dns: matchPattern "*"\``),
    '',
    '**Merge only when every namespace enforces its own policies**: anything not allowed by a policy is dropped from then on, in new namespaces too.',
    '',
    '### Files',
    ...fileList(input.changes),
    ...(input.notes?.length ? ['', '### Notes', ...input.notes.map((n) => `- ${n}`)] : []),
  ];
  const commitMessage = [`lockstep: cluster-wide default-deny ${input.policyName} with DNS allowed`, '', `Resolvers: ${detection.resolvers.map(describeResolver).join('; ').replace(/`/g, '')}.`].join('\n');
  return { title: 'Lockstep: cluster-wide default-deny with DNS (rollout step 8)', body: finish(body, 'cluster:default-deny'), commitMessage };
}
