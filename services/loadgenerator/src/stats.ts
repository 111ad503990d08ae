import * as hdr from 'hdr-histogram-js';

// Latencies are recorded in microseconds: 1 µs resolution, auto-resizing beyond an hour, 3 significant digits.
const newHistogram = (): hdr.Histogram =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });

/** Latency percentiles in milliseconds. */
export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** One row of the final table. */
export interface RouteSummary extends Percentiles {
  readonly name: string;
  readonly requests: number;
  readonly failures: number;
  readonly rps: number;
  readonly mean: number;
  readonly bytes: number;
}

/** One point of the time series: the rate and latency of the interval that ends at `t`. */
export interface SeriesPoint extends Percentiles {
  /** Seconds since the run started. */
  readonly t: number;
  readonly users: number;
  readonly rps: number;
  readonly failuresPerSecond: number;
}

export interface FailureSummary {
  readonly route: string;
  readonly reason: string;
  readonly count: number;
}

/** Counters and histogram for one route ("GET /product/[id]"). Handed out once, then recorded into directly. */
export class RouteStats {
  requests = 0;
  failures = 0;
  bytes = 0;
  /** The sum of the recorded latencies (whole µs), for the mean: HDR's own mean walks every bucket (~15 ms). */
  sumUs = 0;
  readonly histogram = newHistogram();
  constructor(readonly name: string) {}
}

/**
 * What a worker recorded since its previous sync: per route, the counts and the latency histogram (HDR, compressed
 * base64), the failures by reason and the tasks by name. Merging deltas adds bucket counts, so the merged
 * percentiles are exactly those of one histogram of every sample.
 */
export interface StatsDelta {
  readonly routes: readonly {
    readonly name: string;
    readonly requests: number;
    readonly failures: number;
    readonly bytes: number;
    readonly sumUs: number;
    readonly histogram: string;
  }[];
  readonly failures: readonly FailureSummary[];
  readonly tasks: Readonly<Record<string, number>>;
}

/** Encodes a latency histogram for the wire or a report (HDR's compressed base64 form). */
export const encodeHistogram = (histogram: hdr.Histogram): string => hdr.encodeIntoCompressedBase64(histogram);

/** Decodes what encodeHistogram produced. */
export const decodeHistogram = (encoded: string): hdr.Histogram => hdr.decodeFromCompressedBase64(encoded);

/** An empty latency histogram with the run's settings (µs, 3 significant digits). */
export const emptyHistogram = (): hdr.Histogram => newHistogram();

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const toMs = (us: number): number => Math.round(us) / 1000;

/** p50, p95, p99 and max of a histogram of microseconds, in milliseconds; zeros when it is empty. */
export function percentiles(histogram: hdr.Histogram): Percentiles {
  if (histogram.totalCount === 0) return { p50: 0, p95: 0, p99: 0, max: 0 };
  return {
    p50: toMs(histogram.getValueAtPercentile(50)),
    p95: toMs(histogram.getValueAtPercentile(95)),
    p99: toMs(histogram.getValueAtPercentile(99)),
    // The top of the highest bucket, like the percentiles: it is what a merged (decoded) histogram knows, so a
    // fleet's max equals that of one histogram of every sample.
    max: toMs(histogram.getValueAtPercentile(100)),
  };
}

// Beyond this many distinct routes (a frontend redirecting to ever-new paths), new ones share one row.
const MAX_ROUTES = 64;
// The series keeps the whole run: past this many points, neighbours merge and the resolution halves.
const MAX_POINTS = 1800;

/**
 * Statistics of one run: per-route HDR histograms for the final table, an interval histogram for the time
 * series, and a window histogram for the progress line. Recording a request touches two histograms and a few
 * counters; everything else happens once a second or at the end.
 */
export class Stats {
  private readonly routes = new Map<string, RouteStats>();
  private readonly failureReasons = new Map<string, number>();
  private readonly tasks = new Map<string, number>();
  private readonly interval = newHistogram();
  private readonly window = newHistogram();
  private intervalRequests = 0;
  private intervalFailures = 0;
  private windowRequests = 0;
  private windowFailures = 0;
  private lastTickMs: number;
  private lastWindowMs: number;
  private readonly points: SeriesPoint[] = [];

  constructor(private readonly startMs: number) {
    this.lastTickMs = startMs;
    this.lastWindowMs = startMs;
  }

  /** The stats slot for a route name, created on first use. */
  route(name: string): RouteStats {
    const route = this.routes.get(name);
    if (route !== undefined) return route;
    // The overflow rows (one per method) are created past the limit; asking for them by name again finds them.
    const slot = this.routes.size >= MAX_ROUTES ? `${name.slice(0, name.indexOf(' '))} (other)` : name;
    return this.routes.get(slot) ?? this.addRoute(slot);
  }

  private addRoute(name: string): RouteStats {
    const route = new RouteStats(name);
    this.routes.set(name, route);
    return route;
  }

  /** Records one finished request; `failure` is the reason when it failed ("HTTP 500", "ECONNRESET"). */
  record(route: RouteStats, latencyUs: number, bytes: number, failure?: string): void {
    const value = Math.max(Math.round(latencyUs), 1);
    route.requests++;
    route.bytes += bytes;
    route.sumUs += value;
    route.histogram.recordValue(value);
    this.interval.recordValue(value);
    this.intervalRequests++;
    if (failure !== undefined) {
      route.failures++;
      this.intervalFailures++;
      const key = `${route.name}\n${failure}`;
      this.failureReasons.set(key, (this.failureReasons.get(key) ?? 0) + 1);
    }
  }

  /**
   * Hands over everything recorded since the previous call and forgets it (a worker's side of a fleet). The
   * route slots stay, so the journey keeps recording into them.
   */
  drain(): StatsDelta {
    const routes: StatsDelta['routes'][number][] = [];
    for (const route of this.routes.values()) {
      if (route.requests === 0) continue;
      routes.push({
        name: route.name,
        requests: route.requests,
        failures: route.failures,
        bytes: route.bytes,
        sumUs: route.sumUs,
        histogram: encodeHistogram(route.histogram),
      });
      route.requests = 0;
      route.failures = 0;
      route.bytes = 0;
      route.sumUs = 0;
      route.histogram.reset();
    }
    const delta = { routes, failures: this.failures(), tasks: this.taskCounts() };
    this.failureReasons.clear();
    this.tasks.clear();
    // A worker never ticks; without this its interval histogram would only ever grow.
    this.interval.reset();
    this.intervalRequests = 0;
    this.intervalFailures = 0;
    return delta;
  }

  /**
   * Adds a worker's delta (the coordinator's side of a fleet) to the routes, failures, tasks and the interval,
   * and its latencies to `alsoInto` too (that worker's own histogram), so each is decoded once.
   */
  merge(delta: StatsDelta, alsoInto?: hdr.Histogram): void {
    for (const part of delta.routes) {
      const route = this.route(part.name);
      const histogram = decodeHistogram(part.histogram);
      route.requests += part.requests;
      route.failures += part.failures;
      route.bytes += part.bytes;
      route.sumUs += part.sumUs;
      route.histogram.add(histogram);
      this.interval.add(histogram);
      alsoInto?.add(histogram);
      this.intervalRequests += part.requests;
      this.intervalFailures += part.failures;
    }
    for (const { route, reason, count } of delta.failures) {
      const key = `${route}\n${reason}`;
      this.failureReasons.set(key, (this.failureReasons.get(key) ?? 0) + count);
    }
    for (const [name, count] of Object.entries(delta.tasks)) this.tasks.set(name, (this.tasks.get(name) ?? 0) + count);
  }

  /** Counts a task the users started, to compare the mix with the weights. */
  countTask(name: string): void {
    this.tasks.set(name, (this.tasks.get(name) ?? 0) + 1);
  }

  /** Closes the current interval (about one second) into a series point. */
  tick(nowMs: number, users: number): void {
    const seconds = (nowMs - this.lastTickMs) / 1000;
    if (seconds <= 0) return;
    const point: SeriesPoint = {
      t: Math.round((nowMs - this.startMs) / 10) / 100,
      users,
      rps: this.intervalRequests / seconds,
      failuresPerSecond: this.intervalFailures / seconds,
      ...percentiles(this.interval),
    };
    this.window.add(this.interval);
    this.windowRequests += this.intervalRequests;
    this.windowFailures += this.intervalFailures;
    this.interval.reset();
    this.intervalRequests = 0;
    this.intervalFailures = 0;
    this.lastTickMs = nowMs;
    this.points.push(point);
    if (this.points.length > MAX_POINTS) this.halveResolution();
  }

  /** The figures since the previous call, for the progress line. Call right after tick(). */
  takeWindow(nowMs: number): { rps: number; failures: number; requests: number } & Percentiles {
    const seconds = Math.max((nowMs - this.lastWindowMs) / 1000, 1e-3);
    const result = {
      requests: this.windowRequests,
      failures: this.windowFailures,
      rps: this.windowRequests / seconds,
      ...percentiles(this.window),
    };
    this.window.reset();
    this.windowRequests = 0;
    this.windowFailures = 0;
    this.lastWindowMs = nowMs;
    return result;
  }

  /** Per-route rows sorted by name, and the aggregated row, over `elapsedS` seconds. */
  summary(elapsedS: number): { routes: RouteSummary[]; total: RouteSummary } {
    const rows = [...this.routes.values()]
      .filter((route) => route.requests > 0)
      .sort((a, b) => compare(a.name, b.name));
    const all = newHistogram();
    let requests = 0;
    let failures = 0;
    let bytes = 0;
    let sumUs = 0;
    for (const route of rows) {
      all.add(route.histogram);
      requests += route.requests;
      failures += route.failures;
      bytes += route.bytes;
      sumUs += route.sumUs;
    }
    const row = (name: string, h: hdr.Histogram, r: number, f: number, b: number, sum: number): RouteSummary => ({
      name,
      requests: r,
      failures: f,
      rps: elapsedS > 0 ? r / elapsedS : 0,
      mean: r === 0 ? 0 : toMs(sum / r),
      bytes: b,
      ...percentiles(h),
    });
    return {
      routes: rows.map((route) =>
        row(route.name, route.histogram, route.requests, route.failures, route.bytes, route.sumUs),
      ),
      total: row('Aggregated', all, requests, failures, bytes, sumUs),
    };
  }

  failures(): FailureSummary[] {
    return (
      [...this.failureReasons]
        .map(([key, count]) => {
          const [route = '', reason = ''] = key.split('\n');
          return { route, reason, count };
        })
        // Ties in a stable order, so a fleet's merged list reads the same as one process's.
        .sort((a, b) => b.count - a.count || compare(a.route, b.route) || compare(a.reason, b.reason))
    );
  }

  taskCounts(): Record<string, number> {
    return Object.fromEntries([...this.tasks].sort());
  }

  series(): readonly SeriesPoint[] {
    return this.points;
  }

  private halveResolution(): void {
    const merged: SeriesPoint[] = [];
    for (let i = 0; i < this.points.length; i += 2) {
      const a = this.points[i]!;
      const b = this.points[i + 1];
      if (b === undefined) {
        merged.push(a);
        continue;
      }
      // Percentiles of two intervals cannot be merged exactly; the worse of the two is the honest summary.
      merged.push({
        t: b.t,
        users: b.users,
        rps: (a.rps + b.rps) / 2,
        failuresPerSecond: (a.failuresPerSecond + b.failuresPerSecond) / 2,
        p50: Math.max(a.p50, b.p50),
        p95: Math.max(a.p95, b.p95),
        p99: Math.max(a.p99, b.p99),
        max: Math.max(a.max, b.max),
      });
    }
    this.points.splice(0, this.points.length, ...merged);
  }
}
