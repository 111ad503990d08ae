import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RECOMMENDATIONS, pickRecommendations, type RandomInt } from './recommend';

const CATALOG = [
  'OLJCESPC7Z',
  '66VCHSJNUP',
  '1YMWWN1N4O',
  'L9ECAV7KIM',
  '2ZYFJ3GM2N',
  '0PUK6V6EV0',
  'LS4PSXUNUM',
  '9SIQT8TOJO',
  '6E92ZMYYFZ',
];
const first: RandomInt = () => 0;
const last: RandomInt = (max) => max - 1;

describe('pickRecommendations', () => {
  it('nothing in view, first draws → the first five catalog ids, in catalog order', () => {
    assert.deepEqual(pickRecommendations(CATALOG, [], first), CATALOG.slice(0, 5));
  });
  it('nothing in view, last draws → five ids in shuffled order', () => {
    // Each step swaps the last remaining candidate forward.
    assert.deepEqual(pickRecommendations(CATALOG, [], last), [
      '6E92ZMYYFZ',
      'OLJCESPC7Z',
      '66VCHSJNUP',
      '1YMWWN1N4O',
      'L9ECAV7KIM',
    ]);
  });
  it('one product in view → five ids, none of them the one in view', () => {
    const picked = pickRecommendations(CATALOG, ['OLJCESPC7Z'], first);
    assert.deepEqual(picked, ['66VCHSJNUP', '1YMWWN1N4O', 'L9ECAV7KIM', '2ZYFJ3GM2N', '0PUK6V6EV0']);
  });
  it('six of nine in view → the other three only', () => {
    const picked = pickRecommendations(CATALOG, CATALOG.slice(0, 6), first);
    assert.deepEqual(picked, ['LS4PSXUNUM', '9SIQT8TOJO', '6E92ZMYYFZ']);
  });
  it('everything in view → an empty list', () => {
    assert.deepEqual(pickRecommendations(CATALOG, CATALOG, first), []);
  });
  it('an empty catalog → an empty list, and no draws', () => {
    assert.deepEqual(
      pickRecommendations([], ['x'], () => assert.fail('no draw expected')),
      [],
    );
  });
  it('ids in view that are not in the catalog, and repeated ids in view → ignored', () => {
    const picked = pickRecommendations(['A', 'B', 'C'], ['nope', 'B', 'B', ''], first);
    assert.deepEqual(picked, ['A', 'C']);
  });
  it('a catalog with repeated and empty ids → each real id at most once', () => {
    const picked = pickRecommendations(['A', 'A', '', 'B', 'A'], [], first);
    assert.deepEqual(picked, ['A', 'B']);
  });
  it('draws are asked in [0, n), [0, n-1), ... for five steps', () => {
    const bounds: number[] = [];
    pickRecommendations(CATALOG, ['OLJCESPC7Z'], (max) => {
      bounds.push(max);
      return 0;
    });
    assert.deepEqual(bounds, [8, 7, 6, 5, 4]);
  });
  it(`any draws → at most ${MAX_RECOMMENDATIONS} distinct catalog ids outside the view`, () => {
    let seed = 7;
    const lcg: RandomInt = (max) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % max;
    };
    for (let round = 0; round < 500; round++) {
      const inView = CATALOG.filter((_, i) => (round >> i) & 1);
      const picked = pickRecommendations(CATALOG, inView, lcg);
      assert.equal(picked.length, Math.min(5, CATALOG.length - inView.length));
      assert.equal(new Set(picked).size, picked.length);
      for (const id of picked) assert.ok(CATALOG.includes(id) && !inView.includes(id));
    }
  });
  it('a huge view list → answered, with the catalog ids it names excluded', () => {
    const inView = [...Array.from({ length: 200_000 }, (_, i) => `id-${i}`), 'OLJCESPC7Z'];
    assert.deepEqual(pickRecommendations(CATALOG, inView, first), CATALOG.slice(1, 6));
  });
});
