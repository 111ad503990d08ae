import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADS_BY_CATEGORY, adsFor, MAX_CONTEXT_KEYS, type RandomInt, randomAds } from './ads';

const first: RandomInt = () => 0;
const last: RandomInt = (max) => max - 1;
const urls = (ads: readonly { redirectUrl: string }[]) => ads.map((ad) => ad.redirectUrl);

describe('the ad table', () => {
  it('seven ads in six categories, with the original redirect URLs', () => {
    assert.deepEqual(
      [...ADS_BY_CATEGORY].map(([category, ads]) => [category, urls(ads)]),
      [
        ['clothing', ['/product/66VCHSJNUP']],
        ['accessories', ['/product/1YMWWN1N4O']],
        ['footwear', ['/product/L9ECAV7KIM']],
        ['hair', ['/product/2ZYFJ3GM2N']],
        ['decor', ['/product/0PUK6V6EV0']],
        ['kitchen', ['/product/9SIQT8TOJO', '/product/6E92ZMYYFZ']],
      ],
    );
  });
  it('every ad has a short, non-empty text of its own', () => {
    const texts = [...ADS_BY_CATEGORY.values()].flat().map((ad) => ad.text);
    assert.equal(new Set(texts).size, 7);
    for (const text of texts) assert.ok(text.length > 10 && text.length <= 80, text);
  });
});

describe('adsFor', () => {
  it('["kitchen"] → both kitchen ads, in table order', () => {
    assert.deepEqual(urls(adsFor(['kitchen'], first)), ['/product/9SIQT8TOJO', '/product/6E92ZMYYFZ']);
  });
  it('["footwear", "clothing"] → their ads in the order of the keys', () => {
    assert.deepEqual(urls(adsFor(['footwear', 'clothing'], first)), ['/product/L9ECAV7KIM', '/product/66VCHSJNUP']);
  });
  it('a product page\'s categories ["clothing", "tops"] → the clothing ad only (tops has none)', () => {
    assert.deepEqual(urls(adsFor(['clothing', 'tops'], first)), ['/product/66VCHSJNUP']);
  });
  it('a repeated key → its ads once', () => {
    assert.deepEqual(urls(adsFor(['hair', 'decor', 'hair'], first)), ['/product/2ZYFJ3GM2N', '/product/0PUK6V6EV0']);
  });
  it('matching is case-sensitive and exact: "Kitchen", " kitchen" and "kitch" match nothing → 2 random ads', () => {
    assert.deepEqual(urls(adsFor(['Kitchen', ' kitchen', 'kitch'], first)), [
      '/product/66VCHSJNUP',
      '/product/1YMWWN1N4O',
    ]);
  });
  it('no keys → 2 random ads (last draws: the last ad, then the first, which the swap moved last)', () => {
    assert.deepEqual(urls(adsFor([], last)), ['/product/6E92ZMYYFZ', '/product/66VCHSJNUP']);
  });
  it('only categories without ads (beauty, home, tops) → 2 random ads', () => {
    assert.equal(adsFor(['beauty', 'home', 'tops'], first).length, 2);
  });
  it('odd keys (empty, huge, control characters) → 2 random ads, no error', () => {
    assert.equal(adsFor(['', 'x'.repeat(1_000_000), '\u0000kitchen'], first).length, 2);
  });
  it(`only the first ${MAX_CONTEXT_KEYS} keys are looked at`, () => {
    const noise = Array<string>(MAX_CONTEXT_KEYS - 1).fill('nothing');
    assert.deepEqual(urls(adsFor([...noise, 'decor', 'hair'], first)), ['/product/0PUK6V6EV0']);
  });
  it('a million keys → answered quickly from the first keys alone', () => {
    const keys = Array<string>(1_000_000).fill('nothing');
    keys[0] = 'footwear';
    const started = performance.now();
    assert.deepEqual(urls(adsFor(keys, first)), ['/product/L9ECAV7KIM']);
    assert.ok(performance.now() - started < 50);
  });
});

describe('randomAds', () => {
  it('asks for an index in [0, 7) and then in [0, 6)', () => {
    const bounds: number[] = [];
    randomAds(2, (max) => {
      bounds.push(max);
      return 0;
    });
    assert.deepEqual(bounds, [7, 6]);
  });
  it('scripted draws 3 then 3 → the 4th ad, then the 5th (the one swapped out is not drawn twice)', () => {
    const draws = [3, 3];
    assert.deepEqual(urls(randomAds(2, () => draws.shift()!)), ['/product/2ZYFJ3GM2N', '/product/0PUK6V6EV0']);
  });
  it('any draws → two different ads', () => {
    for (let a = 0; a < 7; a++) {
      for (let b = 0; b < 6; b++) {
        const draws = [a, b];
        const picked = urls(randomAds(2, () => draws.shift()!));
        assert.equal(new Set(picked).size, 2, `draws ${a}, ${b}`);
      }
    }
  });
  it('every ad can come first: each first draw picks a different ad', () => {
    const firsts = new Set<string>();
    for (let a = 0; a < 7; a++) firsts.add(urls(randomAds(1, () => a))[0]!);
    assert.equal(firsts.size, 7);
  });
  it('asking for more ads than exist → all seven, once each', () => {
    assert.equal(new Set(urls(randomAds(20, first))).size, 7);
  });
});
