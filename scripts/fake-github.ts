// The fake GitHub of the end-to-end run (started by playwright.config.ts as a second web server):
// `tsx --conditions=react-server scripts/fake-github.ts`. Seeds `acme/gitops` with the demo cluster's policy files
// (`apps/<namespace>/cilium-policies.yaml`), so exports edit existing files in place as on a real GitOps repository.
// Every request is checked against GitHub's OpenAPI description; `GET /__fake/state` lists violations, branches
// and pull requests, `GET /__fake/file?branch=&path=` returns a file. Env: FAKE_GITHUB_PORT (default 3199),
// FAKE_GITHUB_TOKEN (default e2e-token).
import { demoPolicyFiles } from '../server/demo-relay/demo-policy-files';
import { FakeGithub } from '../server/github/testing/fake-github';

async function main(): Promise<void> {
  const port = Number(process.env.FAKE_GITHUB_PORT ?? 3199);
  const files = Object.fromEntries(demoPolicyFiles().map((f) => [f.name, f.text]));
  const fake = await FakeGithub.start({ port, token: process.env.FAKE_GITHUB_TOKEN ?? 'e2e-token', files: { 'README.md': '# gitops\n', ...files } });
  console.log(`fake GitHub for acme/gitops on ${fake.apiUrl} (${Object.keys(files).length} policy files)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void fake.close().then(() => process.exit(0)));
}

void main();
