/**
 * CRD validation for tests (never imported by non-test code): compiles the `cilium.io/v2` openAPIV3Schema of
 * CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy (lib/policy/testdata/crds) with ajv and checks objects the
 * way the API server would, plus the checks a structural schema leaves out:
 * - unknown fields are errors (the API server would silently prune them, losing part of a rule);
 * - the CEL rule `has(self.spec) || has(self.specs)` (x-kubernetes-validations);
 * - `x-kubernetes-int-or-string`, and the formats `cidr`, `int32`, `int64`, `idn-hostname`, `date-time`;
 * - metadata.name (DNS-1123 subdomain), metadata.namespace (required for a CNP, absent for a CCNP);
 * - every `matchLabels` key is a valid label key (values are checked by the schema itself).
 */
/// <reference types="vite/client" />
import Ajv, { type ValidateFunction } from 'ajv';
import { expect } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { isDnsLabel, isDnsSubdomain, isValidSelectorKey } from '../findings/label-validation';
import { parseCidr } from '../findings/ip';
// Loaded by vite as text (no fs: lib/ does no I/O, even in test helpers).
import cnpCrd from '../policy/testdata/crds/ciliumnetworkpolicies.yaml?raw';
import ccnpCrd from '../policy/testdata/crds/ciliumclusterwidenetworkpolicies.yaml?raw';

const CRDS = { CiliumNetworkPolicy: cnpCrd, CiliumClusterwideNetworkPolicy: ccnpCrd } as const;
type Kind = keyof typeof CRDS;

/** Makes the structural schema strict: objects with declared properties reject unknown ones. */
function harden(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(harden);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = harden(v);
  if (out['x-kubernetes-int-or-string'] && !out.anyOf) out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

const validators: Partial<Record<Kind, ValidateFunction>> = {};

/** Compiles one kind's schema, on first use (each takes about a second: the CRD is 400 KB). */
function compile(kind: Kind): ValidateFunction {
  // The CRD's patterns are Go regexps; `\PC` (Go: not a control/other character) is `\P{C}` in JS.
  const regExp = (pattern: string, flags: string) => new RegExp(pattern.replace(/\\PC/g, '\\P{C}'), flags);
  const ajv = new Ajv({ strict: false, allErrors: true, code: { regExp: regExp as never } });
  ajv.addFormat('cidr', { type: 'string', validate: (s: string) => parseCidr(s) !== undefined });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('idn-hostname', { type: 'string', validate: (s: string) => s.length > 0 && s.length <= 253 });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  const crd = parse(CRDS[kind]);
  const version = crd.spec.versions.find((v: { name: string }) => v.name === 'v2');
  return ajv.compile(harden(version.schema.openAPIV3Schema) as object);
}

function matchLabelKeyErrors(node: unknown, at: string, out: string[]): void {
  if (Array.isArray(node)) return node.forEach((n, i) => matchLabelKeyErrors(n, `${at}/${i}`, out));
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'matchLabels' && v && typeof v === 'object') {
      for (const key of Object.keys(v)) if (!isValidSelectorKey(key)) out.push(`${at}/matchLabels: invalid label key ${JSON.stringify(key)}`);
    }
    matchLabelKeyErrors(v, `${at}/${k}`, out);
  }
}

/** Every reason `obj` is not a valid CNP/CCNP (empty when valid). */
export function validateCnp(obj: unknown): string[] {
  const o = (obj ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown }; spec?: unknown; specs?: unknown };
  if (o.apiVersion !== 'cilium.io/v2') return [`apiVersion must be cilium.io/v2, not ${JSON.stringify(o.apiVersion)}`];
  if (o.kind !== 'CiliumNetworkPolicy' && o.kind !== 'CiliumClusterwideNetworkPolicy') return [`unexpected kind ${JSON.stringify(o.kind)}`];
  const validate = (validators[o.kind] ??= compile(o.kind));
  const errors = validate(obj) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  if (o.spec === undefined && o.specs === undefined) errors.push('spec or specs must be provided');
  if (typeof o.metadata?.name !== 'string' || !isDnsSubdomain(o.metadata.name)) errors.push('metadata.name must be a DNS-1123 subdomain');
  const ns = o.metadata?.namespace;
  if (o.kind === 'CiliumNetworkPolicy' && (typeof ns !== 'string' || !isDnsLabel(ns))) errors.push('metadata.namespace must be a namespace name');
  if (o.kind === 'CiliumClusterwideNetworkPolicy' && ns !== undefined) errors.push('a CCNP has no metadata.namespace');
  matchLabelKeyErrors(obj, '', errors);
  return errors;
}

/** Asserts that `obj` is a valid CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy. */
export function expectValidCnp(obj: unknown): void {
  expect(validateCnp(obj), JSON.stringify(obj)).toEqual([]);
}

/** Asserts that every document of a multi-document YAML text is a valid CNP/CCNP; returns the parsed documents. */
export function expectValidCnpYaml(text: string): unknown[] {
  const docs = parseAllDocuments(text);
  const values = (Array.isArray(docs) ? docs : []).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
  values.forEach(expectValidCnp);
  return values;
}
