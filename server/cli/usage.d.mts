/** See usage.mjs. */
export const HELP: string;
export const READ_USAGE: string;
export const SUGGEST_USAGE: string;
export function helpFor(argv: string[]): { text: string; code: number } | undefined;
