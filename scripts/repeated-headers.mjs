/**
 * Lower-case names that occur more than once in Node's raw header list (`[name, value, name, value, …]`), joined
 * with commas. Node joins repeated headers with ", " (two groups headers would read as one list of both), so
 * scripts/server.mjs records this list and the auth layer refuses repeated identity headers.
 * @param {string[]} raw
 * @returns {string}
 */
export function repeatedHeaders(raw) {
  const seen = new Set();
  const repeated = new Set();
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (seen.has(name)) repeated.add(name);
    seen.add(name);
  }
  return [...repeated].join(',');
}
