import 'server-only';

/**
 * A database URL safe to log: the password becomes `***` and query parameters (which may carry `password=` or
 * `sslkey=`) are dropped. Anything unparsable is replaced entirely: a secret is never echoed by accident.
 */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return '<unparsable database URL>';
  }
}

/** Removes every occurrence of `secret` (and of its password) from `text`, e.g. a driver's error message. */
export function scrubSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  let out = text.split(secret).join(redactDatabaseUrl(secret));
  try {
    const password = decodeURIComponent(new URL(secret).password);
    if (password.length >= 3) out = out.split(password).join('***');
  } catch {
    // unparsable: the full-string replacement above is all we can do
  }
  return out;
}
