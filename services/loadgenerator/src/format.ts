/** A latency in milliseconds, with fewer decimals the larger it is. */
export const ms = (value: number): string =>
  value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);

/** Failed requests as a percentage of all requests; 0 when there were none. */
export const failurePercent = (figures: { readonly requests: number; readonly failures: number }): number =>
  figures.requests === 0 ? 0 : (100 * figures.failures) / figures.requests;

/** A count with thousands separators: "12,345". */
export const count = (value: number): string => value.toLocaleString('en-US');

/** A rate with one decimal. */
export const rate = (value: number): string => value.toFixed(1);
