import type { Logger } from '@boutique/kit';
import type { Catalog } from './catalog';

/**
 * Holds the catalog the service answers from. Normally that is the catalog loaded at start-up; with
 * reloading switched on (SIGUSR1, off with SIGUSR2, as in the original) every request reloads the
 * file first. This is a deliberate fault-injection knob that makes the service slow. A reload that
 * fails keeps the last good catalog (the original serves an empty one) and logs the error once per
 * change of error.
 */
export class CatalogStore {
  #current: Catalog;
  #reloading = false;
  #inFlight: Promise<Catalog> | undefined;
  #lastError: string | undefined;
  readonly #load: () => Promise<Catalog>;
  readonly #log: Logger;

  constructor(initial: Catalog, load: () => Promise<Catalog>, log: Logger) {
    this.#current = initial;
    this.#load = load;
    this.#log = log;
  }

  /** Whether every request reloads the catalog file. */
  get reloading(): boolean {
    return this.#reloading;
  }

  /** Switches per-request reloading on or off (what the SIGUSR1 and SIGUSR2 handlers call). */
  setReloading(on: boolean): void {
    if (on === this.#reloading) return;
    this.#reloading = on;
    this.#log.info({ reloading: on }, on ? 'catalog reloading on' : 'catalog reloading off');
  }

  /** The catalog to answer from: reloaded first when reloading is on. */
  async catalog(): Promise<Catalog> {
    if (!this.#reloading) return this.#current;
    // Requests that arrive while a reload is running share it instead of reading the file again.
    this.#inFlight ??= this.#reload().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #reload(): Promise<Catalog> {
    try {
      this.#current = await this.#load();
      if (this.#lastError !== undefined) this.#log.info('catalog reload succeeded again');
      this.#lastError = undefined;
    } catch (err) {
      const message = (err as Error).message;
      if (message !== this.#lastError) this.#log.error({ err }, 'catalog reload failed, serving the last good catalog');
      this.#lastError = message;
    }
    return this.#current;
  }
}

/** Anything that delivers process signals (process itself, or an EventEmitter in tests). */
export interface SignalSource {
  on(signal: 'SIGUSR1' | 'SIGUSR2', listener: () => void): unknown;
  off(signal: 'SIGUSR1' | 'SIGUSR2', listener: () => void): unknown;
}

/** SIGUSR1 switches per-request reloading on and SIGUSR2 off; returns a function that stops listening. */
export function watchReloadSignals(store: CatalogStore, signals: SignalSource = process): () => void {
  const on = () => store.setReloading(true);
  const off = () => store.setReloading(false);
  signals.on('SIGUSR1', on);
  signals.on('SIGUSR2', off);
  return () => {
    signals.off('SIGUSR1', on);
    signals.off('SIGUSR2', off);
  };
}
