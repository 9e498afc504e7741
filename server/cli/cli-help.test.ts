import { describe, expect, it } from 'vitest';
import { DEMO_RELAY_OPTIONS, DEMO_RELAY_USAGE } from '../demo-relay/demo-relay-command';
import { HELP } from './help';
import { READ_FLAGS, READ_USAGE } from './read-command';
import { SUGGEST_FLAGS, SUGGEST_USAGE } from './suggest-command';

const flag = (name: string) => (name.length === 1 ? `-${name}` : `--${name}`);
const mentions = (text: string, name: string) => new RegExp(`(^|[\\s\\[|])${flag(name)}\\b`).test(text);

describe('lockstep --help', () => {
  const commands = [
    { name: 'read', usage: READ_USAGE, flags: [...READ_FLAGS.valued, ...READ_FLAGS.booleans] },
    { name: 'suggest', usage: SUGGEST_USAGE, flags: [...SUGGEST_FLAGS.valued, ...SUGGEST_FLAGS.booleans] },
    { name: 'demo-relay', usage: DEMO_RELAY_USAGE, flags: Object.keys(DEMO_RELAY_OPTIONS) },
  ];

  it.each(commands)('$name --help names every flag the command accepts', ({ usage, flags }) => {
    for (const name of flags) expect(mentions(usage, name), flag(name)).toBe(true);
  });

  it.each(commands)('lockstep --help names every flag of $name', ({ name, flags }) => {
    expect(HELP).toContain(`  ${name} `);
    for (const f of flags.filter((f) => f !== 'help' && f !== 'h')) expect(mentions(HELP, f), `${name} ${flag(f)}`).toBe(true);
  });
});
