import { describe, expect, it } from 'vitest';
import { lockstepMigrations, type DbDialect } from './migrations';

// Kysely applies migrations in the order of their names, and records each name once: a second migration with the
// same number (two branches adding `0006_…`) would run in an order that depends on the rest of its name, and a gap
// or a renamed migration would leave databases migrated by an older build in a state no build describes.
const NAME = /^(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)$/;

describe.each<DbDialect>(['sqlite', 'postgres'])('migration names (%s)', (dialect) => {
  const names = Object.keys(lockstepMigrations(dialect));

  it('are NNNN_snake_case, numbered 1, 2, 3… without gaps or repeats, in the order they are written', () => {
    const parsed = names.map((name) => NAME.exec(name));
    expect(parsed.every(Boolean), `badly formed: ${names.filter((_, i) => !parsed[i]).join(', ')}`).toBe(true);
    expect(parsed.map((m) => Number(m![1]))).toEqual(names.map((_, i) => i + 1));
    expect([...names].sort()).toEqual(names);
  });

  it('have unique descriptive names', () => {
    const words = names.map((name) => NAME.exec(name)![2]);
    expect(new Set(words).size).toBe(words.length);
  });

  it('are the same list in both dialects', () => {
    expect(names).toEqual(Object.keys(lockstepMigrations(dialect === 'sqlite' ? 'postgres' : 'sqlite')));
  });
});
