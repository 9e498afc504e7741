/**
 * Prints the top of a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by file, as a Markdown
 * table for the README.
 *
 *   node --import tsx bench/profile-top.ts <file.cpuprofile> [rows]
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

export function profileTop(file: string, rows = 25): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = shorten(url);
    const fn = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byFile.set(where || functionName, (byFile.get(where || functionName) ?? 0) + us);
  }
  const table = (title: string, m: Map<string, number>) => [
    `| ${title} | self % |`, '|---|---|',
    ...[...m].sort((a, b) => b[1] - a[1]).slice(0, rows).map(([k, us]) => `| \`${k.replace(/\|/g, '\\|')}\` | ${((us / total) * 100).toFixed(1)} |`),
  ].join('\n');
  return `${(total / 1e6).toFixed(1)} s sampled\n\n${table('function (self time)', byFunction)}\n\n${table('file', byFile)}\n`;
}

function shorten(url: string): string {
  if (!url) return '';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) return clean.slice(nm + 'node_modules/'.length);
  const next = clean.indexOf('.next/');
  if (next >= 0) return clean.slice(next);
  return path.basename(clean);
}

if (require.main === module) process.stdout.write(profileTop(process.argv[2], Number(process.argv[3] ?? 25)));
