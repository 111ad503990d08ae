import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredAttributes, userHashAttribute, userIdHash } from './span-attributes';

const USER = 'a1b2c3d4-0000-4000-8000-123456789abc';

describe('userIdHash', () => {
  it('the same id → the same 16 hex digits; another id → another hash', () => {
    assert.match(userIdHash(USER), /^[0-9a-f]{16}$/);
    assert.equal(userIdHash(USER), userIdHash(USER));
    assert.notEqual(userIdHash(USER), userIdHash(`${USER}x`));
  });
});

describe('userHashAttribute', () => {
  it('a user id → user.hash with its hash, never the id itself', () => {
    assert.deepEqual(userHashAttribute(USER), { 'user.hash': userIdHash(USER) });
  });

  it('an empty or missing user id → no attribute', () => {
    assert.deepEqual(userHashAttribute(''), {});
    assert.deepEqual(userHashAttribute(undefined), {});
  });
});

describe('declaredAttributes', () => {
  type Request = { id: string; tags: string[] };
  type Response = { count: number };
  const declare = (request: Request, response: Response | undefined) => ({
    'test.id': request.id,
    'test.tags': request.tags.length,
    'test.count': response?.count,
  });

  it('a declaration → its attributes, read from the request and the response', () => {
    assert.deepEqual(declaredAttributes(declare, { id: 'x-1', tags: ['a', 'b'] }, { count: 7 }), {
      'test.id': 'x-1',
      'test.tags': 2,
      'test.count': 7,
    });
  });

  it('undefined and empty-string values are left off; zero is kept', () => {
    assert.deepEqual(declaredAttributes(declare, { id: '', tags: [] }, undefined), { 'test.tags': 0 });
  });

  it('a declaration that throws → no attributes, and nothing thrown to the caller', () => {
    const broken = (request: Request) => ({ 'test.first': request.tags[0]!.toUpperCase() });
    assert.deepEqual(declaredAttributes(broken, { id: 'x', tags: [] }, undefined), {});
  });
});
