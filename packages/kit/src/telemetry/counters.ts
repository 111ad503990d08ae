// Counters a service declares for its own business events. The kit only carries them to the
// metrics backend; their names, units, attributes and meaning are the service's.
// This module loads no OpenTelemetry code.
import {
  type CounterAttributes,
  type CounterInstrument,
  type CounterMaker,
  type CounterOptions,
  counterMaker,
} from './hooks';

/** A monotonic counter that a service declares once and adds to as things happen. */
export interface Counter {
  /**
   * Whether adding reaches a metrics backend. Check it before computing a value that costs anything
   * (the same idea as the Enabled operation of OpenTelemetry's instruments).
   */
  readonly enabled: boolean;
  /** Adds `value` (non-negative) with the given attributes; does nothing while metrics are off. */
  add(value: number, attributes?: CounterAttributes): void;
}

/**
 * Declares a counter, usually at module level: `createCounter('app.things.done', { description })`.
 * Nothing is made until metrics are on and something is added; while they are off, `add` costs one
 * comparison. The backend's counter is made on first use, and made again if the telemetry hooks are
 * replaced (tests do).
 */
export function createCounter(name: string, options: CounterOptions): Counter {
  let madeBy: CounterMaker | undefined;
  let instrument: CounterInstrument | undefined;
  return {
    get enabled() {
      return counterMaker() !== undefined;
    },
    add(value, attributes) {
      const make = counterMaker();
      if (make !== madeBy) {
        madeBy = make;
        instrument = make?.(name, options);
      }
      instrument?.add(value, attributes);
    },
  };
}
