import 'server-only';
import path from 'node:path';
import fs from 'node:fs';

/** The proto/ folder: next to the working directory in production, or found from this file during tests. */
export function protoRoot(): string {
  const candidates = [path.join(process.cwd(), 'proto'), path.resolve(__dirname, '../../proto')];
  for (const dir of candidates) if (fs.existsSync(path.join(dir, 'observer/observer.proto'))) return dir;
  throw new Error(`Hubble proto files not found (looked in ${candidates.join(', ')})`);
}
