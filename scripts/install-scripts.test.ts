import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci` (npm 11) prints "install scripts not yet covered by allowScripts" for every locked package with an
 * install script that package.json's `allowScripts` does not name: each one is decided there, allowed (true) or
 * denied (false), so a fresh install prints no such notice and runs no script nobody looked at.
 */
describe('allowScripts', () => {
  const root = path.resolve(__dirname, '..');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };

  it('names every locked package that has an install script', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([key, p]) => key !== '' && p.hasInstallScript)
      .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    const undecided = [...new Set(withScripts)].filter((name) => typeof manifest.allowScripts?.[name] !== 'boolean');
    expect(undecided).toEqual([]);
  });

  it('allows only the scripts Lockstep needs: better-sqlite3 builds or fetches its native addon', () => {
    expect(Object.entries(manifest.allowScripts ?? {}).filter(([, allowed]) => allowed).map(([name]) => name)).toEqual(['better-sqlite3']);
  });
});
