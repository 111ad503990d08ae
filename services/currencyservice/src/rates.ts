import { readFileSync } from 'node:fs';
import path from 'node:path';
import { money } from '@boutique/kit';

/** Units of one currency per euro, as an exact fraction (numerator / denominator, both positive). */
export interface Rate {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** The supported currencies in file order, each with its exact rate per euro. */
export interface RateTable {
  readonly codes: readonly string[];
  readonly rates: ReadonlyMap<string, Rate>;
}

/** Where the shipped rates live, found from dist/ (or src/) as ../data. */
export const DEFAULT_RATES_FILE = path.resolve(__dirname, '../data/currency_conversion.json');

// A positive plain decimal as the rates file writes it: "1.1305", "126.40", "1.0". No sign, no exponent.
const RATE = /^(\d+)(?:\.(\d+))?$/;

/** Parses one rate string to an exact fraction; undefined unless it is a plain positive decimal. */
export function parseRate(text: string): Rate | undefined {
  const match = RATE.exec(text);
  if (!match) return undefined;
  const [, whole, fraction = ''] = match;
  const numerator = BigInt(whole! + fraction);
  if (numerator === 0n) return undefined;
  return { numerator, denominator: 10n ** BigInt(fraction.length) };
}

/**
 * Checks and converts the parsed rates file (an object of currency code → rate string, units per
 * euro, in display order). Throws one Error naming every problem, prefixed with `source`.
 */
export function parseRates(json: unknown, source = 'rates'): RateTable {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`${source}: expected an object of currency code → rate per EUR`);
  }
  const problems: string[] = [];
  const rates = new Map<string, Rate>();
  for (const [code, value] of Object.entries(json)) {
    if (!money.isCurrencyCode(code)) problems.push(`"${code}" is not a currency code (three upper-case letters)`);
    const rate = typeof value === 'string' ? parseRate(value) : undefined;
    // Strings keep every digit; a JSON number would already have been rounded to a double.
    if (!rate) problems.push(`${code}: rate ${JSON.stringify(value)} is not a positive decimal string`);
    else rates.set(code, rate);
  }
  const eur = rates.get('EUR');
  if (!eur && !problems.some((p) => p.startsWith('EUR'))) problems.push('EUR is missing (rates are per euro)');
  if (eur && eur.numerator !== eur.denominator) problems.push('EUR must have rate 1 (rates are per euro)');
  if (problems.length > 0) throw new Error(`${source}: ${problems.join('; ')}`);
  return { codes: Object.freeze([...rates.keys()]), rates };
}

/** Reads and checks a rates file at start-up; throws a clear Error when it is missing or malformed. */
export function loadRates(file = DEFAULT_RATES_FILE): RateTable {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read currency rates from ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseRates(json, file);
}
