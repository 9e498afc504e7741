/** See cli-bundle.mjs. */
export const BUNDLE_DIR: string;
export const MANIFEST: string;
export function freshBundle(root: string): string | undefined;
