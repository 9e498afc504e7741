import { isMap, isScalar, isSeq, type Document, type YAMLSeq } from 'yaml';
import type { EgressRule, ICMPField, IngressRule, PortProtocolEntry, PortRule } from './cnp-types';
import type { SuggestedRule } from './build-rules';
import { evidenceComment, evidenceForPorts, portKey, type RuleEvidence } from './evidence';
import { MAX_ENTRIES } from './port-set';
import { isDnsWildcardPortRule, isPlainPortRule, peersInclude, peerSignature, portEntryCovers, type Section } from './rule-signature';

/** What merging one section did. */
export interface SectionMergeResult {
  addedRules: number;
  addedPorts: number;
  coveredRules: number;
}

type AnyRule = IngressRule & EgressRule;
type Path = (string | number)[];

function comment(node: unknown, evidence: RuleEvidence, withComments: boolean): void {
  if (withComments && node && typeof node === 'object') (node as { commentBefore?: string }).commentBefore = evidenceComment(evidence);
}

/** Appends entries to a sequence in the style of its first item (`{port: "80"}` flow maps stay flow maps). */
function appendEntries(doc: Document, seq: YAMLSeq, entries: object[], evidence: RuleEvidence, withComments: boolean): void {
  const flow = isMap(seq.items[0]) && seq.items[0].flow === true;
  entries.forEach((entry, k) => {
    const node = doc.createNode(entry, { flow });
    // A comment cannot sit inside a flow sequence (`ports: [...]`); items of a block sequence can carry one.
    if (k === 0 && !seq.flow) comment(node, evidence, withComments);
    seq.items.push(node);
  });
}

/**
 * True when a node on `path` (or the node itself) carries an anchor (`&name`): it may be aliased elsewhere, and
 * changing it would change every place that uses it.
 */
function anchoredOnPath(doc: Document, path: Path): boolean {
  for (let i = 1; i <= path.length; i++) {
    const node = doc.getIn(path.slice(0, i), true) as { anchor?: string } | undefined;
    if (node && typeof node === 'object' && node.anchor) return true;
  }
  return false;
}

/** The section's sequence, created empty when absent or null; undefined when it is something else. */
function sectionSeq(doc: Document, path: Path): YAMLSeq | undefined {
  const node = doc.getIn(path, true);
  if (isSeq(node)) return node;
  if (node !== undefined && !(isScalar(node) && node.value === null)) return undefined;
  doc.setIn(path, doc.createNode([]));
  return doc.getIn(path, true) as YAMLSeq;
}

function icmpKey(f: ICMPField): string {
  return `${f?.family ?? 'IPv4'}/${f?.type}`;
}

/**
 * Drops ports that rules including the peers (`covering`) already allow, then adds the rest to a plain `toPorts`
 * of a rule with exactly the same peers (`matching`); returns the ports still to add as a new rule.
 */
function mergePorts(doc: Document, path: Path, items: AnyRule[], covering: number[], matching: number[], rule: SuggestedRule, withComments: boolean, result: SectionMergeResult): PortProtocolEntry[] {
  const wanted = (rule.rule.toPorts ?? []).flatMap((pr) => pr.ports ?? []);
  const plain = (i: number) => (items[i].toPorts ?? []).map((pr, j) => ({ pr, j })).filter(({ pr }) => isPlainPortRule(pr));
  const uncovered = wanted.filter((w) => !covering.some((i) => plain(i).some(({ pr }) => pr.ports!.some((e) => portEntryCovers(e, { port: Number(w.port), protocol: w.protocol ?? 'ANY' })))));
  if (uncovered.length === 0) return [];
  for (const i of matching) {
    const slot = plain(i).find(({ pr }) => pr.ports!.length + uncovered.length <= MAX_ENTRIES);
    const seqPath = [...path, i, 'toPorts', slot?.j ?? 0, 'ports'];
    const seq = slot && doc.getIn(seqPath, true);
    // Anchored or aliased nodes are left alone: adding to them would change every rule that uses the anchor.
    if (!isSeq(seq) || anchoredOnPath(doc, seqPath)) continue;
    const keys = uncovered.map((e) => portKey(e.protocol ?? 'ANY', e.port ?? ''));
    appendEntries(doc, seq, uncovered, evidenceForPorts(rule.evidence, keys), withComments);
    result.addedPorts += uncovered.length;
    return [];
  }
  return uncovered;
}

/** Drops ICMP types already allowed, adds the rest to an ICMP-only rule with the same peers; returns fields left. */
function mergeIcmps(doc: Document, path: Path, items: AnyRule[], covering: number[], matching: number[], rule: SuggestedRule, withComments: boolean, result: SectionMergeResult): ICMPField[] {
  const have = new Set(covering.flatMap((i) => (items[i].icmps ?? []).flatMap((r) => (r?.fields ?? []).map(icmpKey))));
  const missing = (rule.rule.icmps ?? []).flatMap((r) => r.fields).filter((f) => !have.has(icmpKey(f)));
  if (missing.length === 0) return [];
  const target = matching.find((i) => !items[i].toPorts && (items[i].icmps?.[0]?.fields?.length ?? MAX_ENTRIES) + missing.length <= MAX_ENTRIES);
  const seqPath = [...path, target ?? 0, 'icmps', 0, 'fields'];
  const seq = target === undefined ? undefined : doc.getIn(seqPath, true);
  if (!isSeq(seq) || anchoredOnPath(doc, seqPath)) return missing;
  const keys = missing.map((f) => portKey(f.family === 'IPv6' ? 'ICMPv6' : 'ICMPv4', f.type));
  appendEntries(doc, seq, missing, evidenceForPorts(rule.evidence, keys), withComments);
  result.addedPorts += missing.length;
  return [];
}

type Outcome = { kind: 'covered' } | { kind: 'merged' } | { kind: 'append'; rule: AnyRule };

/** What to do with one suggested rule: nothing (already allowed), merged into existing rules, or append a rest. */
function outcomeOf(doc: Document, path: Path, items: AnyRule[], rule: SuggestedRule, section: Section, withComments: boolean, result: SectionMergeResult): Outcome {
  const signature = peerSignature(rule.rule, section);
  const indices = items.map((_, i) => i);
  const matching = indices.filter((i) => peerSignature(items[i], section) === signature);
  const covering = indices.filter((i) => peersInclude(items[i], rule.rule, section));
  // A rule including the peers with neither toPorts nor icmps already allows everything to/from them.
  if (covering.some((i) => !items[i].toPorts && !items[i].icmps)) return { kind: 'covered' };
  if (rule.rule.toPorts?.some((pr) => pr.rules?.dns)) {
    const covered = covering.some((i) => (items[i].toPorts ?? []).some(isDnsWildcardPortRule));
    return covered ? { kind: 'covered' } : { kind: 'append', rule: rule.rule };
  }
  const added = result.addedPorts;
  if (rule.rule.icmps) {
    const fields = mergeIcmps(doc, path, items, covering, matching, rule, withComments, result);
    if (fields.length > 0) return { kind: 'append', rule: { ...rule.rule, icmps: [{ fields }] } };
  } else {
    const ports = mergePorts(doc, path, items, covering, matching, rule, withComments, result);
    if (ports.length > 0) return { kind: 'append', rule: { ...rule.rule, toPorts: [{ ports } as PortRule] } };
  }
  return result.addedPorts > added ? { kind: 'merged' } : { kind: 'covered' };
}

/** True when `rulePath` is a map whose `ingress` and `egress` are sequences, null or absent, and not anchored. */
export function canMergeInto(doc: Document, rulePath: Path): boolean {
  if (!isMap(doc.getIn(rulePath, true))) return false;
  return (['ingress', 'egress'] as const).every((section) => {
    const node = doc.getIn([...rulePath, section], true);
    const shape = node === undefined || isSeq(node) || (isScalar(node) && node.value === null);
    return shape && !anchoredOnPath(doc, [...rulePath, section]);
  });
}

/**
 * Merges suggested rules into one section (`ingress`/`egress`) of an existing rule map at `rulePath`, in place:
 * rules already allowed are skipped, ports for an existing peer go into its plain `toPorts`, other rules are
 * appended with their evidence comment. Returns undefined when the section is not a sequence.
 */
export function mergeSection(doc: Document, rulePath: Path, section: Section, rules: readonly SuggestedRule[], withComments: boolean): SectionMergeResult | undefined {
  const path = [...rulePath, section];
  const result: SectionMergeResult = { addedRules: 0, addedPorts: 0, coveredRules: 0 };
  if (rules.length === 0) return result;
  if (!isMap(doc.getIn(rulePath, true))) return undefined;
  const seq = sectionSeq(doc, path);
  if (!seq) return undefined;
  for (const rule of rules) {
    // Plain values of the current items (aliases resolved), re-read after every change.
    const plainSeq = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], doc.toJS({ maxAliasCount: 100 }));
    const items = (Array.isArray(plainSeq) ? plainSeq : []).map((i) => (i && typeof i === 'object' ? i : {})) as AnyRule[];
    const outcome = outcomeOf(doc, path, items, rule, section, withComments, result);
    if (outcome.kind === 'covered') result.coveredRules++;
    if (outcome.kind !== 'append') continue;
    const node = doc.createNode(outcome.rule);
    comment(node, rule.evidence, withComments);
    seq.items.push(node);
    result.addedRules++;
  }
  return result;
}
