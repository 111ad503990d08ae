import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDomainError } from './errors';
import { characterCount, quoteInput, requireMaxLength } from './quote';

describe('quoteInput', () => {
  it('a short value → quoted whole', () => {
    assert.equal(quoteInput('OLJCESPC7Z'), '"OLJCESPC7Z"');
  });

  it('exactly 64 characters → quoted whole', () => {
    assert.equal(quoteInput('a'.repeat(64)), `"${'a'.repeat(64)}"`);
  });

  it('a 9 kB value → its first 64 characters and how many more there were', () => {
    assert.equal(quoteInput('x'.repeat(9_000)), `"${'x'.repeat(64)}"… (8936 more characters)`);
  });

  it('a cut through a surrogate pair → the pair is left out whole', () => {
    const quoted = quoteInput(`${'a'.repeat(63)}😀${'b'.repeat(10)}`);
    assert.equal(quoted, `"${'a'.repeat(63)}"… (11 more characters)`);
  });

  it('quotes and control characters → escaped as in JSON', () => {
    assert.equal(quoteInput('a"b\n'), '"a\\"b\\n"');
  });
});

describe('characterCount', () => {
  it('counts code points, not UTF-16 units', () => {
    assert.equal(characterCount('😀é'), 2);
  });

  it('stops counting once past the limit', () => {
    assert.equal(characterCount('x'.repeat(1_000_000), 10), 11);
  });
});

describe('requireMaxLength', () => {
  it('a value at the limit → returned as it is', () => {
    assert.equal(requireMaxLength('user_id', 'u'.repeat(128), 128), 'u'.repeat(128));
  });

  it('emoji count as one character each → 128 of them pass a 128 limit', () => {
    assert.equal(requireMaxLength('city', '😀'.repeat(128), 128), '😀'.repeat(128));
  });

  it('one character past the limit → INVALID_ARGUMENT naming the field and the limit, quoting a prefix', () => {
    assert.throws(
      () => requireMaxLength('user_id', 'u'.repeat(129), 128),
      (err: unknown) =>
        isDomainError(err, 'INVALID_ARGUMENT') &&
        err.message === `user_id must be at most 128 characters, got "${'u'.repeat(64)}"… (65 more characters)`,
    );
  });

  it('a 1 MB value → a message of under 200 characters', () => {
    assert.throws(
      () => requireMaxLength('address.street_address', 's'.repeat(1_000_000), 512),
      (err: unknown) => isDomainError(err, 'INVALID_ARGUMENT') && err.message.length < 200,
    );
  });
});
