// Stand-in for the `server-only` package under vitest: server modules are imported directly by tests.
export {};
