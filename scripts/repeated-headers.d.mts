/** See repeated-headers.mjs. */
export function repeatedHeaders(raw: string[]): string;
