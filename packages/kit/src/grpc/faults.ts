import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type handleUnaryCall, Metadata, status } from '@grpc/grpc-js';
import { ConfigError, parseDuration } from '../config';
import { logger } from '../logger';

/** What one fault does to a call: wait, fail with a status, or both (wait, then fail). */
export interface Fault {
  /** Added before the handler runs (or before the error is sent). */
  readonly latencyMs: number;
  /** The status the call fails with instead of running the handler; undefined lets it run. */
  readonly code: status | undefined;
  /** Chance in [0, 1] that a call is affected. */
  readonly probability: number;
}

/** A fault and the calls it applies to: one method, every method of a service, or every call ("*"). */
export interface FaultRule {
  /** `hipstershop.CurrencyService/Convert`, `hipstershop.CurrencyService/*` or `*`. */
  readonly selector: string;
  readonly fault: Fault;
}

// "<selector>=<effect>[+<effect>][@<probability>]", e.g. "hipstershop.CartService/*=latency:200ms+UNAVAILABLE@0.5".
const RULE = /^([^=]+)=([^@]+)(?:@(.+))?$/;
// "*", "pkg.Service/*" or "pkg.Service/Method".
const SELECTOR = /^(?:\*|[A-Za-z_][\w.]*\/(?:\*|[A-Za-z_]\w*))$/;
const PROBABILITY = /^(?:0|1|0?\.\d+|1\.0*)$/;

/**
 * Parses a fault specification: rules separated by ";" or new lines, each
 * `<selector>=<effects>[@<probability>]`. The selector is `package.Service/Method`, `package.Service/*`
 * or `*`; effects are a gRPC status name (`UNAVAILABLE`), `latency:<duration>` (`latency:200ms`), or
 * both joined by "+"; the probability defaults to 1. Lines starting with "#" are comments. Throws a
 * ConfigError naming every malformed rule.
 */
export function parseFaults(text: string): FaultRule[] {
  const rules: FaultRule[] = [];
  const problems: string[] = [];
  for (const raw of text.split(/[;\n]/)) {
    const entry = raw.trim();
    if (entry === '' || entry.startsWith('#')) continue;
    const problem = (why: string) => problems.push(`fault rule "${entry}": ${why}`);
    const match = RULE.exec(entry);
    if (!match) {
      problem('expected <selector>=<effects>[@<probability>]');
      continue;
    }
    const [, rawSelector, effects, rawProbability] = match;
    const selector = rawSelector!.trim().replace(/^\//, '');
    if (!SELECTOR.test(selector)) {
      problem('the selector must be package.Service/Method, package.Service/* or *');
      continue;
    }
    const probability = rawProbability === undefined ? 1 : Number(rawProbability.trim());
    if (rawProbability !== undefined && !PROBABILITY.test(rawProbability.trim())) {
      problem('the probability must be a number from 0 to 1');
      continue;
    }
    let latencyMs = 0;
    let code: status | undefined;
    let valid = true;
    for (const effect of effects!.split('+').map((part) => part.trim())) {
      if (effect.startsWith('latency:')) {
        const ms = parseDuration(effect.slice('latency:'.length));
        if (ms === undefined) {
          problem(`"${effect}" needs a duration such as latency:200ms`);
          valid = false;
        } else latencyMs += ms;
      } else if (effect !== 'OK' && typeof status[effect as keyof typeof status] === 'number') {
        code = status[effect as keyof typeof status];
      } else {
        problem(`"${effect}" is neither latency:<duration> nor a gRPC status name other than OK`);
        valid = false;
      }
    }
    if (valid) rules.push({ selector, fault: Object.freeze({ latencyMs, code, probability }) });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return rules;
}

/**
 * The faults a server injects now, switchable while it runs. `set()` swaps the whole rule set at once;
 * with no rules the injector is off and each call costs one undefined check.
 */
export class FaultInjector {
  // Per RPC path, the fault that applies (null: none), so a lookup is one map read after the first call.
  #byPath: Map<string, Fault | null> | undefined;
  #rules: readonly FaultRule[] = [];
  readonly #random: () => number;
  #stopWatching: (() => void) | undefined;

  constructor(rules: readonly FaultRule[] = [], { random = Math.random }: { random?: () => number } = {}) {
    this.#random = random;
    this.set(rules);
  }

  /** The rules in force. */
  get rules(): readonly FaultRule[] {
    return this.#rules;
  }

  /** Replaces the rules in force (an empty list switches injection off). */
  set(rules: readonly FaultRule[]): void {
    this.#rules = Object.freeze([...rules]);
    this.#byPath = rules.length > 0 ? new Map() : undefined;
  }

  /** The fault to apply to this call of `path` ("/pkg.Service/Method"), after the probability draw. */
  faultFor(path: string): Fault | undefined {
    const byPath = this.#byPath;
    if (byPath === undefined) return undefined;
    let fault = byPath.get(path);
    if (fault === undefined) {
      fault = this.#mostSpecific(path.slice(1)) ?? null;
      byPath.set(path, fault);
    }
    if (fault === null || (fault.probability < 1 && this.#random() >= fault.probability)) return undefined;
    return fault;
  }

  /**
   * Follows a file: its rules (same syntax as FAULTS) replace `fallback` whenever it exists, and
   * `fallback` is back in force when it is removed or empty. A malformed file is logged and ignored,
   * keeping the rules in force. The file is read every `intervalMs` and applied when its text
   * changes: reading a small file twice a second costs nothing that shows, and unlike fs.watch or
   * fs.watchFile it cannot miss a change (Kubernetes updates a mounted ConfigMap by swapping a
   * symlink; a stat watcher misses a file written before its first stat).
   */
  watch(file: string, fallback: readonly FaultRule[], intervalMs = 500): void {
    let current: string | undefined;
    const apply = (text: string) => {
      if (text === current) return;
      current = text;
      try {
        const rules = text.trim() === '' ? fallback : parseFaults(text);
        this.set(rules);
        logger().warn({ file, rules: rules.map(describeRule) }, rules.length > 0 ? 'faults injected' : 'faults off');
      } catch (err) {
        logger().error({ file, err }, 'fault file ignored');
      }
    };
    let initial = '';
    try {
      initial = readFileSync(file, 'utf8');
    } catch {
      // no file yet: the fallback rules
    }
    apply(initial);
    const timer = setInterval(() => {
      // A missing file reads as empty: the fallback rules.
      readFile(file, 'utf8').then(apply, () => apply(''));
    }, intervalMs);
    timer.unref();
    this.#stopWatching = () => clearInterval(timer);
  }

  /** Stops following the file, if any. */
  close(): void {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
  }

  #mostSpecific(name: string): Fault | undefined {
    const service = name.split('/')[0];
    const find = (selector: string) => this.#rules.findLast((rule) => rule.selector === selector)?.fault;
    return find(name) ?? find(`${service}/*`) ?? find('*');
  }
}

/** One rule as written, for logs. */
export function describeRule({ selector, fault }: FaultRule): string {
  const effects = [
    ...(fault.latencyMs > 0 ? [`latency:${fault.latencyMs}ms`] : []),
    ...(fault.code !== undefined ? [status[fault.code]] : []),
  ];
  return `${selector}=${effects.join('+') || 'latency:0ms'}@${fault.probability}`;
}

/**
 * The fault injector the environment asks for: FAULTS holds rules, FAULTS_FILE names a file with rules
 * that is watched while the server runs. Undefined when neither is set, so a server started without
 * them has no fault-injection code on its call path at all. Throws a ConfigError for malformed FAULTS.
 */
export function faultsFromEnv(env: Readonly<Record<string, string | undefined>>): FaultInjector | undefined {
  const spec = env.FAULTS?.trim() ?? '';
  const file = env.FAULTS_FILE?.trim() ?? '';
  if (spec === '' && file === '') return undefined;
  const rules = parseFaults(spec);
  const injector = new FaultInjector(rules);
  if (file !== '') injector.watch(file, rules);
  else logger().warn({ rules: rules.map(describeRule) }, 'faults injected');
  return injector;
}

/** Wraps a unary handler so that the injector's faults for `path` apply to it. */
export function withFaults<Req, Res>(
  path: string,
  handler: handleUnaryCall<Req, Res>,
  injector: FaultInjector,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const fault = injector.faultFor(path);
    if (fault === undefined) {
      handler(call, callback);
      return;
    }
    const act = () => {
      if (fault.code === undefined) handler(call, callback);
      else callback({ code: fault.code, details: `injected fault: ${status[fault.code]}`, metadata: new Metadata() });
    };
    if (fault.latencyMs > 0) setTimeout(act, fault.latencyMs);
    else act();
  };
}
