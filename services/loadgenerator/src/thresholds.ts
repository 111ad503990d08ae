import type { Thresholds } from './config';
import type { RouteSummary } from './stats';

/** A threshold the run broke, with a sentence that names it. */
export interface Breach {
  readonly threshold: 'max-error-rate' | 'max-p99-ms' | 'min-rps' | 'no-requests';
  readonly limit: number;
  readonly actual: number;
  readonly message: string;
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

/** Whether any threshold was given, so there is a verdict to report. */
export function anyThresholdSet(thresholds: Thresholds): boolean {
  return thresholds.maxErrorRate !== undefined || thresholds.maxP99Ms !== undefined || thresholds.minRps !== undefined;
}

/** The thresholds the aggregated figures break; empty when all hold (or none are set). */
export function checkThresholds(thresholds: Thresholds, total: RouteSummary): Breach[] {
  if (!anyThresholdSet(thresholds)) return [];
  const { maxErrorRate, maxP99Ms, minRps } = thresholds;
  // A gate that passes because nothing was measured would hide a broken setup.
  if (total.requests === 0) {
    return [
      { threshold: 'no-requests', limit: 1, actual: 0, message: 'no requests were made, so no threshold can hold' },
    ];
  }
  const breaches: Breach[] = [];
  const errorRate = total.failures / total.requests;
  if (maxErrorRate !== undefined && errorRate > maxErrorRate) {
    breaches.push({
      threshold: 'max-error-rate',
      limit: maxErrorRate,
      actual: errorRate,
      message: `error rate ${percent(errorRate)} (${total.failures} of ${total.requests}) is above --max-error-rate ${percent(maxErrorRate)}`,
    });
  }
  if (maxP99Ms !== undefined && total.p99 > maxP99Ms) {
    breaches.push({
      threshold: 'max-p99-ms',
      limit: maxP99Ms,
      actual: total.p99,
      message: `p99 latency ${total.p99} ms is above --max-p99-ms ${maxP99Ms} ms`,
    });
  }
  if (minRps !== undefined && total.rps < minRps) {
    breaches.push({
      threshold: 'min-rps',
      limit: minRps,
      actual: total.rps,
      message: `throughput ${total.rps.toFixed(1)} req/s is below --min-rps ${minRps}`,
    });
  }
  return breaches;
}
