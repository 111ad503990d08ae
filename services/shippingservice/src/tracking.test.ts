import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newTrackingId, type RandomInt } from './tracking';

/** Replays the given draws in order (each must be below the bound asked for). */
function scripted(draws: number[]): RandomInt {
  let next = 0;
  return (maxExclusive) => {
    const value = draws[next++];
    assert.ok(value !== undefined && value < maxExclusive, `draw ${next} out of script or range`);
    return value;
  };
}

const muffinMan = { streetAddress: 'Muffin Man', city: 'London', state: '' };
// The regex of the original's unit tests.
const TRACKING_ID = /^[A-Z]{2}-\d+-\d+$/;

describe('newTrackingId', () => {
  it('salt "Muffin Man, London, " → 18 characters matching the original regex', () => {
    const id = newTrackingId(muffinMan, (max) => Math.floor(Math.random() * max));
    assert.match(id, TRACKING_ID);
    assert.equal(id.length, 18);
    assert.match(id, /^[A-Y]{2}-20\d{3}-10\d{7}$/);
  });
  it('scripted draws → the exact id: letters, length + 3 digits, half length + 7 digits', () => {
    const draws = [10, 16, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0];
    assert.equal(newTrackingId(muffinMan, scripted(draws)), 'KQ-20123-104567890');
  });
  it('letters are drawn from A–Y: the largest draw gives Y, never Z', () => {
    const id = newTrackingId(muffinMan, (max) => max - 1);
    assert.equal(id, 'YY-20999-109999999');
  });
  it('lengths count UTF-8 bytes, not characters', () => {
    // "Straße 1, Köln, NRW" is 19 characters but 21 bytes.
    const id = newTrackingId({ streetAddress: 'Straße 1', city: 'Köln', state: 'NRW' }, () => 0);
    assert.equal(id, 'AA-21000-100000000');
  });
  it('an address of empty strings → the separators alone count: length 4, half 2', () => {
    assert.equal(
      newTrackingId({ streetAddress: '', city: '', state: '' }, () => 0),
      'AA-4000-20000000',
    );
  });
  it('a very long street → a longer id that still matches the regex', () => {
    const id = newTrackingId({ streetAddress: 'x'.repeat(100_000), city: 'c', state: 's' }, () => 5);
    assert.equal(id, 'FF-100006555-500035555555');
    assert.match(id, TRACKING_ID);
  });
  it('twelve draws: two letters from [0, 25), then ten digits from [0, 10)', () => {
    const bounds: number[] = [];
    newTrackingId(muffinMan, (max) => {
      bounds.push(max);
      return 0;
    });
    assert.deepEqual(bounds, [25, 25, ...Array(10).fill(10)]);
  });
});
