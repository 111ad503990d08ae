import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { catalogFrom, DEFAULT_CATALOG_FILE, loadCatalogFile, parseCatalog } from './catalog';

// The original's nine products: id, name, price, categories, picture, in file order.
const ORIGINAL = [
  ['OLJCESPC7Z', 'Sunglasses', '19', 990_000_000, ['accessories'], '/static/img/products/sunglasses.jpg'],
  ['66VCHSJNUP', 'Tank Top', '18', 990_000_000, ['clothing', 'tops'], '/static/img/products/tank-top.jpg'],
  ['1YMWWN1N4O', 'Watch', '109', 990_000_000, ['accessories'], '/static/img/products/watch.jpg'],
  ['L9ECAV7KIM', 'Loafers', '89', 990_000_000, ['footwear'], '/static/img/products/loafers.jpg'],
  ['2ZYFJ3GM2N', 'Hairdryer', '24', 990_000_000, ['hair', 'beauty'], '/static/img/products/hairdryer.jpg'],
  ['0PUK6V6EV0', 'Candle Holder', '18', 990_000_000, ['decor', 'home'], '/static/img/products/candle-holder.jpg'],
  [
    'LS4PSXUNUM',
    'Salt & Pepper Shakers',
    '18',
    490_000_000,
    ['kitchen'],
    '/static/img/products/salt-and-pepper-shakers.jpg',
  ],
  ['9SIQT8TOJO', 'Bamboo Glass Jar', '5', 490_000_000, ['kitchen'], '/static/img/products/bamboo-glass-jar.jpg'],
  ['6E92ZMYYFZ', 'Mug', '8', 990_000_000, ['kitchen'], '/static/img/products/mug.jpg'],
] as const;

/** A valid product document; override any field. */
function productJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'MUG1',
    name: 'Mug',
    description: 'A stoneware mug.',
    picture: '/static/img/products/mug.jpg',
    priceUsd: { currencyCode: 'USD', units: 8, nanos: 990_000_000 },
    categories: ['kitchen'],
    ...overrides,
  };
}

function problemsOf(json: unknown): string {
  try {
    catalogFrom(json, 'test.json');
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail('expected the catalog to be rejected');
}

describe('the shipped catalog', () => {
  it('holds the original nine products: ids, names, prices, categories and pictures, in order', async () => {
    const catalog = await loadCatalogFile(DEFAULT_CATALOG_FILE);
    assert.deepEqual(
      catalog.products.map((p) => [p.id, p.name, p.priceUsd?.units, p.priceUsd?.nanos, p.categories, p.picture]),
      ORIGINAL.map((row) => [...row.slice(0, 4), [...row[4]], row[5]]),
    );
    for (const product of catalog.products) assert.equal(product.priceUsd?.currencyCode, 'USD');
  });

  it('every product has a description of one or two sentences', async () => {
    const catalog = await loadCatalogFile(DEFAULT_CATALOG_FILE);
    for (const { id, description } of catalog.products) {
      const sentences = description.split(/(?<=\.)\s+/).filter(Boolean).length;
      assert.ok(sentences >= 1 && sentences <= 2 && description.endsWith('.'), `${id}: ${description}`);
    }
  });
});

describe('catalogFrom: valid documents', () => {
  it('a product → the same product, units as a string', () => {
    const catalog = catalogFrom({ products: [productJson()] });
    assert.deepEqual(catalog.products, [
      {
        id: 'MUG1',
        name: 'Mug',
        description: 'A stoneware mug.',
        picture: '/static/img/products/mug.jpg',
        priceUsd: { currencyCode: 'USD', units: '8', nanos: 990_000_000 },
        categories: ['kitchen'],
      },
    ]);
  });

  it('units as an int64 string → accepted (protobuf-JSON writes int64 as strings)', () => {
    const catalog = catalogFrom({ products: [productJson({ priceUsd: { currencyCode: 'USD', units: '12' } })] });
    assert.deepEqual(catalog.products[0]!.priceUsd, { currencyCode: 'USD', units: '12', nanos: 0 });
  });

  it('omitted zero fields (units, nanos, description, categories) → defaults, as protobuf-JSON omits them', () => {
    const { description: _d, categories: _c, ...rest } = productJson({ priceUsd: { currencyCode: 'USD' } });
    const product = catalogFrom({ products: [rest] }).products[0]!;
    assert.deepEqual(
      [product.description, product.categories, product.priceUsd],
      ['', [], { currencyCode: 'USD', units: '0', nanos: 0 }],
    );
  });

  it('the catalog and its products are frozen', () => {
    const catalog = catalogFrom({ products: [productJson()] });
    assert.ok(Object.isFrozen(catalog.products) && Object.isFrozen(catalog.products[0]));
  });
});

describe('catalogFrom: invalid documents → one error naming every problem', () => {
  const cases: [string, unknown, RegExp][] = [
    ['not an object', [productJson()], /expected an object \{"products": \[\.\.\.\]\}/],
    ['no products list', { items: [] }, /expected an object/],
    ['an empty products list', { products: [] }, /the catalog has no products/],
    ['an unknown top-level key', { products: [productJson()], extra: 1 }, /unknown key "extra"/],
    ['a product that is not an object', { products: ['MUG1'] }, /products\[0\]: must be an object/],
    ['a missing id', { products: [productJson({ id: undefined })] }, /products\[0\]: id must be a non-empty string/],
    ['a blank id', { products: [productJson({ id: '  ' })] }, /id must be a non-empty string/],
    ['a duplicate id', { products: [productJson(), productJson()] }, /products\[1\]: id "MUG1" appears twice/],
    ['a missing name', { products: [productJson({ name: '' })] }, /\(id "MUG1"\): name must be a non-empty string/],
    ['a non-string description', { products: [productJson({ description: 3 })] }, /description must be a string/],
    ['a relative picture', { products: [productJson({ picture: 'img/mug.jpg' })] }, /picture must be a site-absolute/],
    ['a missing picture', { products: [productJson({ picture: undefined })] }, /picture must be a site-absolute/],
    ['a missing price', { products: [productJson({ priceUsd: undefined })] }, /priceUsd must be an object/],
    [
      'a price in EUR',
      { products: [productJson({ priceUsd: { currencyCode: 'EUR', units: 1 } })] },
      /priceUsd.currencyCode must be "USD", got "EUR"/,
    ],
    [
      'a price with nanos out of range',
      { products: [productJson({ priceUsd: { currencyCode: 'USD', units: 1, nanos: 1_000_000_000 } })] },
      /priceUsd has nanos 1000000000/,
    ],
    [
      'a price with units and nanos of opposite signs',
      { products: [productJson({ priceUsd: { currencyCode: 'USD', units: 1, nanos: -1 } })] },
      /priceUsd has units and nanos of opposite signs/,
    ],
    [
      'a negative price',
      { products: [productJson({ priceUsd: { currencyCode: 'USD', units: -1 } })] },
      /priceUsd must not be negative/,
    ],
    [
      'fractional units',
      { products: [productJson({ priceUsd: { currencyCode: 'USD', units: 1.5 } })] },
      /priceUsd.units must be an integer/,
    ],
    [
      'units as a non-integer string',
      { products: [productJson({ priceUsd: { currencyCode: 'USD', units: '8.99' } })] },
      /priceUsd has units "8.99", not an integer/,
    ],
    [
      'a snake_case price key',
      { products: [productJson({ priceUsd: { currency_code: 'USD', units: 1 } })] },
      /unknown key priceUsd.currency_code/,
    ],
    ['a snake_case product key', { products: [productJson({ price_usd: {} })] }, /unknown key "price_usd"/],
    ['categories not a list', { products: [productJson({ categories: 'kitchen' })] }, /categories must be a list/],
    ['an empty category', { products: [productJson({ categories: ['kitchen', ''] })] }, /categories must be a list/],
  ];
  for (const [name, json, message] of cases) {
    it(`${name} → error`, () => {
      const problems = problemsOf(json);
      assert.match(problems, /^test\.json: /);
      assert.match(problems, message);
    });
  }

  it('several bad products → every problem in one message', () => {
    const problems = problemsOf({ products: [productJson({ name: '' }), productJson({ id: 'B', picture: 'x' })] });
    assert.match(problems, /products\[0\] \(id "MUG1"\): name/);
    assert.match(problems, /products\[1\] \(id "B"\): picture/);
  });
});

describe('parseCatalog and loadCatalogFile', () => {
  it('malformed JSON → error naming the source', () => {
    assert.throws(() => parseCatalog('{"products": [', 'products.json'), /^Error: products\.json: not valid JSON/);
  });

  it('a missing file → error naming the file', async () => {
    const file = path.join(tmpdir(), 'no-such-dir', 'products.json');
    await assert.rejects(loadCatalogFile(file), (err: Error) =>
      err.message.startsWith(`cannot read product catalog ${file}`),
    );
  });

  it('a file with an invalid product → error naming the file and the product', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'catalog-')), 'products.json');
    writeFileSync(file, JSON.stringify({ products: [productJson({ picture: '' })] }));
    await assert.rejects(loadCatalogFile(file), (err: Error) => err.message.startsWith(`${file}: products[0]`));
  });
});

describe('get', () => {
  const catalog = catalogFrom({ products: [productJson(), productJson({ id: 'JAR1', name: 'Jar' })] });

  it('an exact id → that product', () => {
    assert.equal(catalog.get('JAR1')?.name, 'Jar');
  });

  it('an id in another case → undefined (ids are case-sensitive)', () => {
    assert.equal(catalog.get('jar1'), undefined);
  });

  it('an unknown or empty id → undefined', () => {
    assert.equal(catalog.get('NOPE'), undefined);
    assert.equal(catalog.get(''), undefined);
  });
});

describe('search', async () => {
  const catalog = await loadCatalogFile(DEFAULT_CATALOG_FILE);
  const names = (query: string) => catalog.search(query).map((p) => p.name);

  it('an empty query → every product, in catalog order', () => {
    assert.deepEqual(
      names(''),
      catalog.products.map((p) => p.name),
    );
  });

  it('a name in any case → that product', () => {
    assert.deepEqual(names('mUg'), ['Mug']);
    assert.deepEqual(names('SUNGLASSES'), ['Sunglasses']);
  });

  it('a substring of a name → matches', () => {
    assert.deepEqual(names('pepper'), ['Salt & Pepper Shakers']);
  });

  it('a word only in descriptions → every product describing it, in catalog order', () => {
    assert.deepEqual(names('stoneware'), ['Candle Holder', 'Mug']);
    assert.deepEqual(names('LEATHER'), ['Watch']);
  });

  it('a category or id alone → no match (only name and description are searched)', () => {
    assert.deepEqual(names('footwear'), []);
    assert.deepEqual(names('6E92ZMYYFZ'), []);
  });

  it('no match → an empty list', () => {
    assert.deepEqual(names('spaceship'), []);
  });

  it('regex characters are plain text', () => {
    assert.deepEqual(names('.*'), []);
    assert.deepEqual(names('&'), ['Salt & Pepper Shakers']);
  });
});
