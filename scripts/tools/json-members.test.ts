import { describe, expect, it } from 'vitest';
import { repeatedMember } from './json-members.ts';

describe('repeatedMember', () => {
  it('finds a member named twice in any object, at its second use, and nothing in JSON without one', () => {
    const text = '{"circumstances":[{"id":"court-order","status":"rejected","status":"confirmed"}]}';
    expect(repeatedMember(text)).toEqual({ name: 'status', offset: text.lastIndexOf('"status"') });
    expect(repeatedMember('{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}')).toBeUndefined();
    expect(repeatedMember('{"a\\"b":1,"a\\u0022b":2}')).toEqual({ name: 'a"b', offset: 10 });
    expect(repeatedMember('[{"x":"}"},{"x":","}]')).toBeUndefined();
  });
});
