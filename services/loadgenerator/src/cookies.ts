/**
 * One virtual user's cookies for the single origin it talks to. Path and Domain are ignored (everything is one
 * site); Max-Age, then Expires, decide deletion, which is how the frontend's /logout clears its cookies.
 */
export class CookieJar {
  private readonly values = new Map<string, string>();
  // The Cookie header is rebuilt only when a cookie changes, not on every request.
  private header: string | undefined;

  /** The Cookie request header, or undefined when the jar is empty. */
  cookieHeader(): string | undefined {
    return this.header;
  }

  /** Applies a response's Set-Cookie header(s). */
  store(setCookie: string | readonly string[] | undefined, nowMs: number): void {
    if (setCookie === undefined) return;
    let changed = false;
    for (const line of typeof setCookie === 'string' ? [setCookie] : setCookie) {
      changed = this.storeOne(line, nowMs) || changed;
    }
    if (changed) {
      this.header = this.values.size === 0 ? undefined : Array.from(this.values, ([k, v]) => `${k}=${v}`).join('; ');
    }
  }

  /** The value of one cookie, for tests and diagnostics. */
  get(name: string): string | undefined {
    return this.values.get(name);
  }

  private storeOne(line: string, nowMs: number): boolean {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return false; // a nameless cookie is ignored, as browsers do for "=value"
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let expired = false;
    let sawMaxAge = false;
    for (const attribute of attributes) {
      const aeq = attribute.indexOf('=');
      const key = (aeq < 0 ? attribute : attribute.slice(0, aeq)).trim().toLowerCase();
      const argument = aeq < 0 ? '' : attribute.slice(aeq + 1).trim();
      if (key === 'max-age') {
        sawMaxAge = true; // Max-Age wins over Expires (RFC 6265 §5.3 step 3)
        expired = Number(argument) <= 0;
      } else if (key === 'expires' && !sawMaxAge) {
        const at = Date.parse(argument);
        expired = !Number.isNaN(at) && at <= nowMs;
      }
    }
    if (expired) return this.values.delete(name);
    if (this.values.get(name) === value) return false;
    this.values.set(name, value);
    return true;
  }
}
