import type { Endpoint, Flow } from '../flow/flow';
import { addToAggregate, aggregateKey, mergeAggregate, type Aggregate } from './aggregate';
import { accountAudit, AuditTallies, isAuditPolicyVerdict, type AuditAccounting, type AuditTally } from './audit-accounting';
import { buildFindings } from './build-findings';
import { classifyFlow, type ClassifyContext, type InternalPeer } from './classify-flow';
import { DnsObservations, type DnsObservationsState } from './dns-observations';
import { resolveFindingConfig, type FindingConfig } from './finding-config';
import { internalPeerKey } from './peer-key';
import { hostCidr, ipInCidr, parseIp } from './ip';
import type { Finding, FindingOptions } from './finding';
import { problem, sortProblems, type Problem, type ProblemCode } from './problems';
import { intersectLabels, resolveEndpoint, type PodRef, type ResolvedEndpoint } from './resolve-endpoint';

const CACHE_LIMIT = 20000;
const CLUSTER_IP_LIMIT = 65536;
const MIN_CLUSTER_IDENTITY = 256;
const MIN_LOCAL_IDENTITY = 1 << 24;

/**
 * The cache key of an endpoint. A cluster-scoped security identity (256 ≤ id < 2^24) stands for one label set in a
 * cluster, so it is the key; anything else (reserved, node-local CIDR identities, captures without identities) is
 * keyed by its full label list. NOTE: a forged capture reusing an identity with other labels gets the first label
 * set; every label is validated either way.
 */
function endpointCacheKey(endpoint: Endpoint): string {
  const id = endpoint.identity;
  if (id >= MIN_CLUSTER_IDENTITY && id < MIN_LOCAL_IDENTITY) return `${endpoint.clusterName}/${id}`;
  return `${endpoint.namespace}\u0000${endpoint.labels.join('\u0000')}`;
}

function problemKey(code: ProblemCode, namespace?: string, workload?: string): string {
  return `${code}\u0000${namespace ?? ''}\u0000${workload ?? ''}`;
}

/** What {@link FindingSet.state} hands to another thread. */
export interface FindingSetState {
  aggregates: Aggregate[];
  registry: PodRef[];
  problemCounts: [string, Problem][];
  dns: DnsObservationsState;
  clusterIps: Set<string>;
  clusterIpsRaw: Set<string>;
  tallies: AuditTally[];
  resolutions: Map<string, string> | undefined;
  /** Uuids read before the dedupe window was first full; undefined when there were too many duplicates to keep. */
  head: string[] | undefined;
  /** The dedupe window at the end, oldest first. */
  ring: string[];
}

/**
 * Findings built incrementally: `add()` batches of flows as they arrive, read `findings()` at any time.
 * Memory is bounded by the number of distinct findings (samples, nodes, caches and the dedupe window are capped),
 * not by the number of flows. Not thread-safe; one instance per analysis.
 */
export class FindingSet {
  private readonly config: FindingConfig;
  private readonly cache = new Map<string, ResolvedEndpoint>();
  private readonly registry = new Map<string, PodRef>();
  private readonly aggregates = new Map<string, Aggregate>();
  private readonly problemCounts = new Map<string, Problem>();
  private readonly dns = new DnsObservations();
  private readonly clusterIps = new Set<string>();
  private readonly clusterIpsRaw = new Set<string>();
  private readonly recent: string[] = [];
  private recentNext = 0;
  private readonly recentSet = new Set<string>();
  private readonly ctx: ClassifyContext;
  private readonly tallies = new AuditTallies();
  private snapshot: { findings: Finding[]; problems: Problem[]; tallies: AuditTally[] } | undefined;
  private memo: [Endpoint?, ResolvedEndpoint?, Endpoint?, ResolvedEndpoint?] = [];
  /** What each cache key first resolved to (ids left out), for {@link merge}; dropped once the cache is cleared. */
  private resolutions: Map<string, string> | undefined = new Map();
  /** Uuids read before the dedupe window was first full (at most two windows' worth), for {@link merge}. */
  private head: string[] | undefined = [];
  private accepted = 0;

  constructor(options: FindingOptions = {}) {
    this.config = resolveFindingConfig(options);
    const enforcing = this.config.enforcing;
    this.ctx = {
      resolve: (e) => this.resolve(e),
      isEnforcing: (ns) => !enforcing || enforcing.has(ns),
      clusterCidrs: this.config.clusterCidrs,
    };
  }

  /** Adds a batch of flows. Returns `this`. */
  add(flows: Iterable<Flow>): this {
    for (const flow of flows) this.addOne(flow);
    return this;
  }

  /** Findings so far, sorted by key (deterministic). Cached until the next `add`. */
  findings(): Finding[] {
    return this.build().findings;
  }

  /** Problems so far: skipped flows, label warnings, DNS fallbacks. Sorted. */
  problems(): Problem[] {
    return this.build().problems;
  }

  /**
   * Per namespace: AUDIT verdicts (non-reply, subject in the namespace), reply verdicts, and the AUDIT flows the
   * findings hold. Equal unless some verdicts were skipped, and then `skipped` says why.
   */
  accounting(): AuditAccounting[] {
    const built = this.build();
    return accountAudit(built.tallies, built.findings);
  }

  /** The tallies alone (what a store adds to its running counts; `inFindings` comes from its findings). */
  tallyRows(): AuditTally[] {
    return this.build().tallies;
  }

  /** The set's state for another thread (structured-clone safe; not copied: the set must not be used after). */
  state(): FindingSetState {
    return {
      aggregates: [...this.aggregates.values()], registry: [...this.registry.values()], problemCounts: [...this.problemCounts.entries()],
      dns: this.dns.state(), clusterIps: this.clusterIps, clusterIpsRaw: this.clusterIpsRaw, tallies: this.tallies.rows(),
      resolutions: this.resolutions, head: this.head, ring: this.ring(),
    };
  }

  /**
   * Adds the state of a set that read the flows right after this one's (same options): afterwards this set holds
   * what it would hold had it read those flows itself. That holds unless what the later set saw first depended on
   * this one's flows: an endpoint cache key resolving differently, a duplicate uuid across the seam, a full cache or
   * address set; then it returns false and this set is left in an unspecified state (read the flows in one pass).
   */
  merge(later: FindingSetState): boolean {
    this.snapshot = undefined;
    if (!this.resolutions || !later.resolutions || !later.head) return false;
    for (const [key, resolved] of later.resolutions) {
      const known = this.resolutions.get(key);
      if (known === undefined) this.resolutions.set(key, resolved);
      else if (known !== resolved) return false;
    }
    if (this.resolutions.size > CACHE_LIMIT) return false;
    if (later.head.some((uuid) => this.recentSet.has(uuid))) return false;
    for (const ip of later.clusterIpsRaw) this.clusterIpsRaw.add(ip);
    if (this.clusterIpsRaw.size >= CLUSTER_IP_LIMIT) return false;
    for (const cidr of later.clusterIps) this.clusterIps.add(cidr);
    for (const [key, p] of later.problemCounts) {
      const known = this.problemCounts.get(key);
      if (known) known.count += p.count;
      else this.problemCounts.set(key, p);
    }
    for (const ref of later.registry) {
      const known = this.registry.get(ref.key);
      if (!known) this.registry.set(ref.key, { ...ref, id: this.registry.size });
      else {
        known.labels = intersectLabels(known.labels, ref.labels);
        // Counted when the later set first saw it, already counted here.
        for (const code of ref.warnings) this.uncount(code, ref.namespace, ref.workload);
      }
    }
    const idOf = (key: string) => this.registry.get(key)!.id;
    const renumber = (peer: InternalPeer) => {
      if (peer.kind === 'endpoint') peer.ref.id = idOf(peer.ref.key);
    };
    for (const entries of later.dns.byClient.values()) for (const entry of entries.values()) renumber(entry.peer);
    this.dns.merge(later.dns);
    for (const agg of later.aggregates) {
      renumber(agg.peer);
      const key = `${idOf(agg.subjectKey)}|${agg.direction}|${internalPeerKey(agg.peer)}|${agg.protocol}/${agg.port}`;
      const known = this.aggregates.get(key);
      if (known) mergeAggregate(known, agg, this.config.sampleSize);
      else this.aggregates.set(key, agg);
    }
    for (const row of later.tallies) this.tallies.merge(row);
    const w = this.config.dedupeWindow;
    const ring = w === 0 ? [] : [...this.ring(), ...later.ring].slice(-w);
    this.recent.length = 0;
    this.recent.push(...ring);
    this.recentNext = ring.length === w ? 0 : ring.length;
    this.recentSet.clear();
    for (const uuid of ring) this.recentSet.add(uuid);
    return true;
  }

  /** The dedupe window, oldest first. */
  private ring(): string[] {
    const w = this.config.dedupeWindow;
    return this.recent.length < w ? [...this.recent] : [...this.recent.slice(this.recentNext), ...this.recent.slice(0, this.recentNext)];
  }

  private build(): { findings: Finding[]; problems: Problem[]; tallies: AuditTally[] } {
    if (this.snapshot) return this.snapshot;
    const built = buildFindings({
      aggregates: this.aggregates.values(),
      registry: this.registry,
      dns: this.dns,
      clusterIps: this.clusterIps,
      sampleSize: this.config.sampleSize,
    });
    const problems = sortProblems([...this.config.problems, ...this.problemCounts.values(), ...built.problems]);
    const tallies = new AuditTallies();
    for (const row of this.tallies.rows()) tallies.merge(row);
    for (const s of built.skipped) if (s.auditFlows > 0) tallies.skip(s.namespace, 'LSP009', s.auditFlows);
    return (this.snapshot = { findings: built.findings, problems, tallies: tallies.rows() });
  }

  private addOne(flow: Flow): void {
    if (this.isDuplicate(flow.uuid)) return;
    this.snapshot = undefined;
    this.noteClusterIp(flow.source, flow.ip?.source);
    this.noteClusterIp(flow.destination, flow.ip?.destination);
    this.dns.add(flow, this.ctx.resolve, (ip) => this.worldResolver(ip));
    const result = classifyFlow(flow, this.ctx);
    if (isAuditPolicyVerdict(flow)) this.tallies.note(flow, result.kind === 'problem' ? result.code : undefined);
    if (result.kind === 'ignored') return;
    if (result.kind === 'problem') return this.count(result.code, result.namespace, result.workload);
    const o = result.observation;
    if (o.note) this.count(o.note, o.subject.namespace, o.subject.workload);
    const key = aggregateKey(o);
    this.aggregates.set(key, addToAggregate(this.aggregates.get(key), o, flow, this.config.sampleSize));
  }

  private resolve(endpoint: Endpoint): ResolvedEndpoint {
    // The two endpoints of the current flow are resolved several times (addresses, DNS, classification).
    if (endpoint === this.memo[0]) return this.memo[1]!;
    if (endpoint === this.memo[2]) return this.memo[3]!;
    const resolved = this.resolveCached(endpoint);
    this.memo = [endpoint, resolved, this.memo[0], this.memo[1]];
    return resolved;
  }

  private resolveCached(endpoint: Endpoint): ResolvedEndpoint {
    const cacheKey = endpointCacheKey(endpoint);
    let resolved = this.cache.get(cacheKey);
    if (!resolved) {
      if (this.cache.size >= CACHE_LIMIT) {
        this.cache.clear();
        this.resolutions = undefined;
      }
      resolved = resolveEndpoint(endpoint, this.config.labels);
      this.cache.set(cacheKey, resolved);
      this.resolutions?.set(cacheKey, JSON.stringify(resolved, (k, v) => (k === 'id' ? undefined : v)));
      if (resolved.kind === 'pod') this.register(resolved.ref);
    }
    return resolved;
  }

  private register(ref: PodRef): void {
    const known = this.registry.get(ref.key);
    ref.id = known?.id ?? this.registry.size;
    if (!known) this.registry.set(ref.key, { ...ref });
    else if (known !== ref) known.labels = intersectLabels(known.labels, ref.labels);
    if (!known) for (const code of ref.warnings) this.count(code, ref.namespace, ref.workload);
  }

  private worldResolver(ip: string): InternalPeer | undefined {
    const parsed = parseIp(ip);
    if (!parsed || this.config.clusterCidrs.some((c) => ipInCidr(parsed, c))) return undefined;
    return { kind: 'cidr', cidr: hostCidr(parsed) };
  }

  /** Remembers pod and node addresses, so that no CIDR rule is ever suggested for one of them. */
  private noteClusterIp(endpoint: Endpoint, ip: string | undefined): void {
    if (!ip || this.clusterIpsRaw.has(ip) || this.clusterIpsRaw.size >= CLUSTER_IP_LIMIT) return;
    const resolved = this.resolve(endpoint);
    const inCluster = resolved.kind === 'pod' || (resolved.kind === 'entity' && (resolved.entity === 'host' || resolved.entity === 'remote-node'));
    const parsed = inCluster ? parseIp(ip) : undefined;
    if (!parsed) return;
    this.clusterIpsRaw.add(ip);
    this.clusterIps.add(hostCidr(parsed));
  }

  private isDuplicate(uuid: string): boolean {
    if (!uuid || this.config.dedupeWindow === 0) return false;
    if (this.head && this.accepted < this.config.dedupeWindow) {
      if (this.head.length < 2 * this.config.dedupeWindow) this.head.push(uuid);
      else this.head = undefined;
    }
    if (this.recentSet.has(uuid)) return true;
    this.accepted++;
    // A ring buffer: the oldest uuid leaves the window when a new one enters.
    const evicted = this.recent[this.recentNext];
    if (evicted !== undefined) this.recentSet.delete(evicted);
    this.recent[this.recentNext] = uuid;
    this.recentNext = (this.recentNext + 1) % this.config.dedupeWindow;
    this.recentSet.add(uuid);
    return false;
  }

  private uncount(code: ProblemCode, namespace?: string, workload?: string): void {
    const key = problemKey(code, namespace, workload);
    const known = this.problemCounts.get(key);
    if (known && --known.count === 0) this.problemCounts.delete(key);
  }

  private count(code: ProblemCode, namespace?: string, workload?: string): void {
    const key = problemKey(code, namespace, workload);
    const known = this.problemCounts.get(key);
    if (known) known.count++;
    else this.problemCounts.set(key, problem(code, { ...(namespace && { namespace }), ...(workload && { workload }) }));
  }
}
