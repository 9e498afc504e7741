/** See malformed-path.mjs. */
export function malformedPath(url: string | undefined): boolean;
