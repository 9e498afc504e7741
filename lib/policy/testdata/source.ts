/**
 * Test-only template tag for inline YAML (after eemeli/yaml's `source`): drops the first newline and the
 * indentation common to all lines, so YAML can be indented with the test code.
 */
export function source(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = String.raw({ raw: strings.raw }, ...values).replace(/^\n/, '').replace(/\n[ \t]*$/, '\n');
  const indents = raw.split('\n').filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const min = Math.min(...indents);
  return raw.split('\n').map((l) => l.slice(min)).join('\n');
}
