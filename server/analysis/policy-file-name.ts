import 'server-only';
import path from 'node:path';
import { AppError } from '../errors';

/**
 * A policy file's name as the user's repository would have it: a relative path in normal form
 * (`apps/blog/policy.yaml`). Absolute paths, `.`/`..` segments, empty segments, backslashes and anything the
 * normal form would rewrite are refused, naming the normal form when there is one.
 */
export function parsePolicyFileName(raw: string): string {
  const name = raw.trim();
  const fail = (why: string) => new AppError('bad_request:namespace', `policy file name "${name.slice(0, 200)}": ${why}`);
  if (!/^[\w./-]{1,200}$/.test(name)) throw fail('must be a relative path of letters, digits and ./_- (at most 200)');
  if (!/\.ya?ml$/.test(name)) throw fail('must end in .yaml or .yml');
  if (name.startsWith('/')) throw fail('must be relative to the repository, not absolute');
  const normal = path.posix.normalize(name);
  if (normal.startsWith('../') || normal === '..' || name.split('/').includes('..')) throw fail('must stay inside the repository (no ..)');
  if (normal !== name) throw fail(`must be in normal form: "${normal}"`);
  return name;
}
