import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { money } from '@boutique/kit';
import type { Product__Output } from '@boutique/kit/generated/hipstershop/Product';

/** A product as the service answers it: camelCase fields, price units as a decimal string. */
export type Product = Product__Output;

/** A validated, immutable catalog: products in file order, looked up by id, searched by text. */
export interface Catalog {
  readonly products: readonly Product[];
  /** The product with exactly this id (case-sensitive), or undefined. */
  get(id: string): Product | undefined;
  /** Products whose name or description contains `query`, ignoring case, in catalog order; all for "". */
  search(query: string): Product[];
}

/** Where the shipped catalog lives, found from dist/ (or src/) as ../data. */
export const DEFAULT_CATALOG_FILE = path.resolve(__dirname, '../data/products.json');

const PRODUCT_KEYS = new Set(['id', 'name', 'description', 'picture', 'priceUsd', 'categories']);
const PRICE_KEYS = new Set(['currencyCode', 'units', 'nanos']);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * Reads a price in protobuf-JSON form: units as an int64 string or a safe integer, nanos as an
 * integer; either may be omitted when zero, as protobuf-JSON writers do.
 */
function priceFrom(value: unknown, problems: string[], where: string): Product['priceUsd'] {
  if (!isObject(value)) {
    problems.push(`${where}: priceUsd must be an object {currencyCode, units, nanos}`);
    return null;
  }
  for (const key of Object.keys(value))
    if (!PRICE_KEYS.has(key)) problems.push(`${where}: unknown key priceUsd.${key}`);
  const { currencyCode, units = '0', nanos = 0 } = value;
  if (currencyCode !== 'USD')
    problems.push(`${where}: priceUsd.currencyCode must be "USD", got ${JSON.stringify(currencyCode)}`);
  const unitsText = typeof units === 'number' && Number.isSafeInteger(units) ? String(units) : units;
  if (typeof unitsText !== 'string' || typeof nanos !== 'number') {
    problems.push(`${where}: priceUsd.units must be an integer (or integer string) and nanos an integer`);
    return null;
  }
  const price = { currencyCode: 'USD', units: unitsText, nanos };
  const problem = money.problemWith(price);
  if (problem !== undefined) problems.push(`${where}: priceUsd ${problem}`);
  else if (money.isNegative(price)) problems.push(`${where}: priceUsd must not be negative`);
  return price;
}

function productFrom(value: unknown, index: number, problems: string[]): Product | undefined {
  const where = `products[${index}]`;
  if (!isObject(value)) {
    problems.push(`${where}: must be an object`);
    return undefined;
  }
  const named = isNonEmptyString(value.id) ? `${where} (id "${value.id}")` : where;
  const before = problems.length;
  for (const key of Object.keys(value)) if (!PRODUCT_KEYS.has(key)) problems.push(`${named}: unknown key "${key}"`);
  const { id, name, description = '', picture, priceUsd, categories = [] } = value;
  if (!isNonEmptyString(id)) problems.push(`${where}: id must be a non-empty string`);
  if (!isNonEmptyString(name)) problems.push(`${named}: name must be a non-empty string`);
  if (typeof description !== 'string') problems.push(`${named}: description must be a string`);
  // Site-absolute, as the frontend prefixes it with its BASE_URL: "/static/img/products/mug.jpg".
  if (typeof picture !== 'string' || !/^\/\S+$/.test(picture)) {
    problems.push(`${named}: picture must be a site-absolute path such as "/static/img/products/mug.jpg"`);
  }
  const price = priceFrom(priceUsd, problems, named);
  if (!Array.isArray(categories) || !categories.every(isNonEmptyString)) {
    problems.push(`${named}: categories must be a list of non-empty strings`);
  }
  if (problems.length > before) return undefined;
  return Object.freeze({
    id: id as string,
    name: name as string,
    description: description as string,
    picture: picture as string,
    priceUsd: Object.freeze(price),
    categories: Object.freeze([...(categories as string[])]) as string[],
  });
}

/**
 * Checks a parsed catalog document (`{"products": [...]}`, protobuf-JSON with camelCase keys) and
 * builds the Catalog. Throws one Error naming every problem, prefixed with `source`.
 */
export function catalogFrom(json: unknown, source = 'catalog'): Catalog {
  const problems: string[] = [];
  if (!isObject(json) || !Array.isArray(json.products)) {
    throw new Error(`${source}: expected an object {"products": [...]}`);
  }
  for (const key of Object.keys(json)) if (key !== 'products') problems.push(`unknown key "${key}"`);
  if (json.products.length === 0) problems.push('the catalog has no products');
  const products: Product[] = [];
  const byId = new Map<string, Product>();
  json.products.forEach((value: unknown, index: number) => {
    const product = productFrom(value, index, problems);
    if (!product) return;
    if (byId.has(product.id)) problems.push(`products[${index}]: id "${product.id}" appears twice`);
    byId.set(product.id, product);
    products.push(product);
  });
  if (problems.length > 0) throw new Error(`${source}: ${problems.join('; ')}`);

  // Lower-cased once here, so a search lower-cases only the query.
  const haystacks = products.map((p) => [p.name.toLowerCase(), p.description.toLowerCase()] as const);
  Object.freeze(products);
  return Object.freeze({
    products,
    get: (id: string) => byId.get(id),
    search(query: string) {
      const needle = query.toLowerCase();
      return products.filter((_, i) => haystacks[i]![0].includes(needle) || haystacks[i]![1].includes(needle));
    },
  });
}

/** Parses catalog text (JSON); throws a clear Error for malformed JSON or any invalid product. */
export function parseCatalog(text: string, source = 'catalog'): Catalog {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  return catalogFrom(json, source);
}

/** Reads and parses a catalog file; throws a clear Error naming the file when it is missing or invalid. */
export async function loadCatalogFile(file: string): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read product catalog ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseCatalog(text, file);
}
