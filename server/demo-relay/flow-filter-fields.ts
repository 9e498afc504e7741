import { BlockList, isIP } from 'node:net';
import { compileLabelSelector } from './label-selector';

/**
 * Matchers for the individual FlowFilter fields, following cilium/cilium pkg/hubble/filters: within one field
 * any value may match (OR). Each compiler throws an Error for a malformed value, which the caller turns into
 * INVALID_ARGUMENT.
 */

/** A wire object (proto field names). */
type Obj = Record<string, unknown>;
/** A predicate over a wire `flow.Flow`. */
export type FlowPredicate = (flow: Obj) => boolean;
type FieldCompiler = (values: unknown[]) => FlowPredicate;

const EMPTY: Obj = Object.freeze({}) as Obj;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : EMPTY);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : 0);

const VERDICTS = ['VERDICT_UNKNOWN', 'FORWARDED', 'DROPPED', 'ERROR', 'AUDIT', 'REDIRECTED', 'TRACED', 'TRANSLATED'];
const DIRECTIONS = ['TRAFFIC_DIRECTION_UNKNOWN', 'INGRESS', 'EGRESS'];
const IP_VERSIONS = ['IP_NOT_USED', 'IPv4', 'IPv6'];
const TCP_FLAGS = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'NS'];

/** An enum value (name or number) as its name. */
function enumName(v: unknown, names: string[]): string {
  return typeof v === 'number' ? (names[v] ?? String(v)) : str(v) || names[0];
}

function enumField(get: (f: Obj) => unknown, names: string[]): FieldCompiler {
  return (values) => {
    const wanted = new Set(values.map((v) => enumName(v, names)));
    return (f) => wanted.has(enumName(get(f), names));
  };
}

function namespacedName(get: (f: Obj) => Obj): FieldCompiler {
  return (values) => {
    const filters = values.map((raw) => {
      const value = str(raw);
      const slash = value.indexOf('/');
      // pkg/hubble/k8s ParseNamespaceName: no slash means the "default" namespace; an empty namespace means any
      // (`hubble observe -A` sends "/", `--from-pod /prometheus` a name prefix in every namespace).
      const [ns, prefix] = slash === -1 ? ['default', value] : [value.slice(0, slash), value.slice(slash + 1)];
      if (prefix.includes('/')) throw new Error(`invalid filter, must be [namespace/][<name>], got ${JSON.stringify(value)}`);
      return { ns, prefix };
    });
    return (f) => {
      const e = get(f);
      const ns = str(e.namespace);
      const name = str(e.pod_name ?? e.name);
      if (ns === '' && name === '') return false;
      return filters.some((x) => (x.ns === '' || x.ns === ns) && (x.prefix === '' || name.startsWith(x.prefix)));
    };
  };
}

function ipField(get: (f: Obj) => unknown): FieldCompiler {
  return (values) => {
    const exact = new Set<string>();
    const cidrs = new BlockList();
    for (const raw of values) {
      const value = str(raw);
      const [addr, bits] = value.split('/');
      const family = isIP(addr);
      if (!family || (bits !== undefined && !/^\d+$/.test(bits))) throw new Error(`invalid IP address or CIDR in filter: ${JSON.stringify(value)}`);
      if (bits === undefined) exact.add(addr);
      else cidrs.addSubnet(addr, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
    }
    return (f) => {
      const ip = str(get(f));
      if (!ip) return false;
      if (exact.has(ip)) return true;
      const family = isIP(ip);
      return family !== 0 && cidrs.check(ip, family === 4 ? 'ipv4' : 'ipv6');
    };
  };
}

/** An FQDN pattern as Hubble compiles it (pkg/hubble/filters/patterns.go): `*` matches `[-.0-9a-z]*`. */
function fqdnPatternSource(pattern: string): string {
  const p = pattern.trim().replace(/\.$/, '').toLowerCase();
  if (p === '') throw new Error('empty pattern');
  if (p.endsWith('.')) throw new Error('multiple trailing dots in pattern');
  if (!/^[-0-9_a-z.*]+$/.test(p)) throw new Error(`invalid rune in pattern ${JSON.stringify(pattern)}`);
  return p.replace(/\./g, '\\.').replace(/\*/g, '[-.0-9a-z]*');
}

function fqdnField(get: (f: Obj) => unknown): FieldCompiler {
  return (values) => {
    const re = new RegExp(`^(?:${values.map((v) => fqdnPatternSource(str(v))).join('|')})$`);
    return (f) => strs(get(f)).some((name) => re.test(name));
  };
}

/** Node-name patterns (`cluster/node`, either part an FQDN pattern; no slash = any cluster). */
function nodeNameField(values: unknown[]): FlowPredicate {
  const any = '(?:[-0-9_a-z]+(?:\\.[-0-9_a-z]+)*)';
  const parts = values.map((raw) => {
    const elems = str(raw).split('/');
    if (str(raw) === '') throw new Error('empty pattern');
    if (elems.length > 2) throw new Error('too many slashes in pattern');
    const [cluster, node] = elems.length === 1 ? ['', elems[0]] : elems;
    return `${cluster ? fqdnPatternSource(cluster) : any}/${node ? fqdnPatternSource(node) : any}`;
  });
  const re = new RegExp(`^(?:${parts.join('|')})$`);
  return (f) => {
    const name = str(f.node_name);
    return name !== '' && re.test(name.includes('/') ? name : `default/${name}`);
  };
}

function labelField(get: (f: Obj) => Obj): FieldCompiler {
  return (values) => {
    const selectors = values.map((v) => compileLabelSelector(str(v)));
    return (f) => {
      const labels = strs(get(f).labels);
      return selectors.some((s) => s(labels));
    };
  };
}

function portField(side: 'source_port' | 'destination_port'): FieldCompiler {
  return (values) => {
    const ports = new Set(values.map((raw) => {
      const v = str(raw);
      if (!/^\d+$/.test(v) || Number(v) > 65535) throw new Error(`invalid port ${JSON.stringify(v)}`);
      return Number(v);
    }));
    return (f) => {
      const l4 = obj(f.l4);
      const p = obj(l4.TCP ?? l4.UDP ?? l4.SCTP);
      return p !== EMPTY && ports.has(num(p[side]));
    };
  };
}

const L4_PROTOCOLS: Record<string, (l4: Obj) => boolean> = {
  icmp: (l4) => !!(l4.ICMPv4 || l4.ICMPv6),
  icmpv4: (l4) => !!l4.ICMPv4,
  icmpv6: (l4) => !!l4.ICMPv6,
  tcp: (l4) => !!l4.TCP,
  udp: (l4) => !!l4.UDP,
  sctp: (l4) => !!l4.SCTP,
};
const L7_PROTOCOLS: Record<string, (l7: Obj) => boolean> = { dns: (l7) => !!l7.dns, http: (l7) => !!l7.http, kafka: (l7) => !!l7.kafka };

function protocolField(values: unknown[]): FlowPredicate {
  const checks = values.map((raw) => {
    const p = str(raw).toLowerCase();
    const l4 = L4_PROTOCOLS[p];
    const l7 = L7_PROTOCOLS[p];
    if (!l4 && !l7) throw new Error(`unknown protocol: ${JSON.stringify(str(raw))}`);
    return (f: Obj) => (l4 ? l4(obj(f.l4)) : l7(obj(f.l7)));
  });
  return (f) => checks.some((c) => c(f));
}

function replyField(values: unknown[]): FlowPredicate {
  const wanted = values.map((v) => v === true);
  return (f) => {
    const raw = f.is_reply;
    const known = typeof raw === 'boolean' || (typeof raw === 'object' && raw !== null);
    // pkg/hubble/filters/reply.go: unknown is_reply counts as false for DROPPED flows only.
    if (!known && enumName(f.verdict, VERDICTS) !== 'DROPPED') return false;
    const reply = typeof raw === 'boolean' ? raw : obj(raw).value === true;
    return wanted.includes(reply);
  };
}

function eventTypeField(values: unknown[]): FlowPredicate {
  const filters = values.map(obj);
  return (f) => {
    const et = obj(f.event_type);
    if (et === EMPTY) return false;
    return filters.some((x) => (num(x.type) === 0 || num(x.type) === num(et.type)) && (x.match_sub_type !== true || num(x.sub_type) === num(et.sub_type)));
  };
}

function tcpFlagsField(values: unknown[]): FlowPredicate {
  const wanted = values.map((v) => TCP_FLAGS.filter((name) => obj(v)[name] === true));
  return (f) => {
    const flags = obj(obj(obj(f.l4).TCP).flags);
    return wanted.some((set) => set.every((name) => flags[name] === true));
  };
}

function regexField(get: (f: Obj) => unknown): FieldCompiler {
  return (values) => {
    const res = values.map((v) => new RegExp(str(v)));
    return (f) => {
      const text = get(f);
      return typeof text === 'string' && res.some((re) => re.test(text));
    };
  };
}

function workloadField(get: (f: Obj) => Obj): FieldCompiler {
  return (values) => {
    const wanted = values.map(obj).map((w) => ({ name: str(w.name), kind: str(w.kind) }));
    return (f) => {
      const workloads = Array.isArray(get(f).workloads) ? (get(f).workloads as unknown[]).map(obj) : [];
      return workloads.some((w) => wanted.some((x) => (!x.name || x.name === str(w.name)) && (!x.kind || x.kind === str(w.kind))));
    };
  };
}

const exactField = (get: (f: Obj) => unknown): FieldCompiler => (values) => {
  const wanted = new Set(values.map(str));
  return (f) => wanted.has(str(get(f)));
};
const src = (f: Obj) => obj(f.source);
const dst = (f: Obj) => obj(f.destination);
const http = (f: Obj) => obj(obj(f.l7).http);

/** Compilers of every supported FlowFilter field. Fields not listed here are rejected. */
export const FIELD_COMPILERS: Record<string, FieldCompiler> = {
  uuid: exactField((f) => f.uuid),
  source_ip: ipField((f) => obj(f.IP).source),
  destination_ip: ipField((f) => obj(f.IP).destination),
  source_pod: namespacedName(src),
  destination_pod: namespacedName(dst),
  source_service: namespacedName((f) => obj(f.source_service)),
  destination_service: namespacedName((f) => obj(f.destination_service)),
  source_fqdn: fqdnField((f) => f.source_names),
  destination_fqdn: fqdnField((f) => f.destination_names),
  source_label: labelField(src),
  destination_label: labelField(dst),
  source_workload: workloadField(src),
  destination_workload: workloadField(dst),
  source_cluster_name: exactField((f) => src(f).cluster_name),
  destination_cluster_name: exactField((f) => dst(f).cluster_name),
  source_identity: exactField((f) => src(f).identity),
  destination_identity: exactField((f) => dst(f).identity),
  traffic_direction: enumField((f) => f.traffic_direction, DIRECTIONS),
  verdict: enumField((f) => f.verdict, VERDICTS),
  drop_reason_desc: exactField((f) => f.drop_reason_desc),
  event_type: eventTypeField,
  protocol: protocolField,
  source_port: portField('source_port'),
  destination_port: portField('destination_port'),
  reply: replyField,
  dns_query: regexField((f) => obj(obj(f.l7).dns).query),
  node_name: nodeNameField,
  ip_version: enumField((f) => obj(f.IP).ipVersion, IP_VERSIONS),
  tcp_flags: tcpFlagsField,
  http_method: exactField((f) => http(f).method),
  http_path: regexField((f) => {
    const url = str(http(f).url);
    return url ? url.replace(/^[a-z]+:\/\/[^/]*/, '').replace(/\?.*$/, '') || '/' : undefined;
  }),
  http_url: regexField((f) => http(f).url),
  encrypted: (values) => (f) => values.includes(obj(f.IP).encrypted === true),
};
