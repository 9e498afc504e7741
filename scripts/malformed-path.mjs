/**
 * Whether a request target's path has a malformed percent-encoding (`%ZZ`, a cut UTF-8 sequence such as
 * `%E0%A4%A`). Next.js fails on those inside its router with a bare 500 and a logged URIError; scripts/server.mjs
 * answers 400 instead, before Next.js sees the request.
 * @param {string | undefined} url the request target, e.g. `/api/findings/%E0%A4%A?x=1`
 * @returns {boolean}
 */
export function malformedPath(url) {
  const path = (url ?? '/').split('?')[0];
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}
