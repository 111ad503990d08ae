import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailAddressProblem, isEmailAddress, maskEmailAddress } from './email-address';

describe('emailAddressProblem', () => {
  const valid = [
    'someone@example.com',
    'first.last+tag@sub.example.co.uk',
    "o'brien@example.org",
    'user_name-1@my-shop.io',
    'jörg@bücher.de',
    `${'a'.repeat(64)}@example.com`,
  ];
  for (const address of valid) {
    it(`"${address}" → valid`, () => assert.equal(emailAddressProblem(address), undefined));
  }

  const invalid: [string, string][] = [
    ['', 'is missing'],
    ['someone.example.com', 'has no "@"'],
    ['@example.com', 'has an invalid part before the "@"'],
    ['some one@example.com', 'has an invalid part before the "@"'],
    ['<x>@example.com', 'has an invalid part before the "@"'],
    ['a"b@example.com', 'has an invalid part before the "@"'],
    ['a@b@example.com', 'has an invalid part before the "@"'],
    [`${'a'.repeat(65)}@example.com`, 'has an invalid part before the "@"'],
    ['.someone@example.com', 'has misplaced dots before the "@"'],
    ['some..one@example.com', 'has misplaced dots before the "@"'],
    ['someone@', 'has an invalid domain'],
    ['someone@localhost', 'has an invalid domain'],
    ['someone@example..com', 'has an invalid domain'],
    ['someone@-example.com', 'has an invalid domain'],
    ['someone@exa mple.com', 'has an invalid domain'],
    ['someone@example.com\r\nBcc: victim@example.com', 'has an invalid part before the "@"'],
    ['someone@[127.0.0.1]', 'has an invalid domain'],
    ['someone@example.c', 'has an invalid top-level domain'],
    ['someone@example.123', 'has an invalid top-level domain'],
    [`someone@${'a'.repeat(250)}.com`, 'is longer than 254 characters'],
  ];
  for (const [address, problem] of invalid) {
    it(`${JSON.stringify(address.slice(0, 40))} → ${problem}`, () => {
      assert.equal(emailAddressProblem(address), problem);
      assert.equal(isEmailAddress(address), false);
    });
  }
});

describe('maskEmailAddress', () => {
  it('keeps the first character and the domain', () => {
    assert.equal(maskEmailAddress('someone@example.com'), 's***@example.com');
  });

  it('keeps a whole first code point', () => {
    assert.equal(maskEmailAddress('😀me@example.com'), '😀***@example.com');
  });

  it('masks everything when there is no local part', () => {
    assert.equal(maskEmailAddress('@example.com'), '***');
    assert.equal(maskEmailAddress('nonsense'), '***');
  });
});
