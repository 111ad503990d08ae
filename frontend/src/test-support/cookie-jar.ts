// Test support shared by the frontend's own app tests and the system tests (which import it as
// @boutique/frontend/test-support/cookie-jar): one browser-like session against the shop over fetch.

/** A cookie jar for fetch: remembers Set-Cookie values (name=value only) across requests. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  readonly #timeoutMs: number | undefined;

  /** `timeoutMs` aborts any request that takes longer (for tests against real processes). */
  constructor({ timeoutMs }: { timeoutMs?: number } = {}) {
    this.#timeoutMs = timeoutMs;
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** fetch with this jar's cookies, not following redirects. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.header());
    const signal = init.signal ?? (this.#timeoutMs === undefined ? undefined : AbortSignal.timeout(this.#timeoutMs));
    const response = await fetch(url, { ...init, headers, redirect: 'manual', ...(signal ? { signal } : {}) });
    this.store(response);
    return response;
  }

  /** POSTs a urlencoded form. */
  post(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }
}
