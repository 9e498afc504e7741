/** See demo-relay-usage.mjs. */
export const DEMO_RELAY_USAGE: string;
