import { describe, expect, it } from 'vitest';
import { badStringProblem, findBadStrings, findNonFinite } from './input';

describe('input guards', () => {
  it.each([
    ['plain 督办', false],
    ['emoji 💥 (a surrogate pair)', false],
    ['', false],
    ['a\u0000b', true],
    ['\ud800x', true],
    ['x\udc00', true],
    ['\ud83d', true],
    ['\udc00\ud800', true],
  ])('badStringProblem(%j) → %s', (value, bad) => {
    expect(badStringProblem(value) !== undefined).toBe(bad);
  });

  it('names the fields the way the validator does', () => {
    expect(
      findBadStrings({
        title: 'ok',
        content: 'a\u0000',
        assistHandlerIds: ['ok', '\ud800'],
        handlers: [{ userId: '\u0000', role: 'head' }],
        handlerSuccessors: { 'bad\u0000key': 'x' },
      }),
    ).toEqual({
      content: expect.any(String),
      assistHandlerIds: expect.any(String),
      'handlers.userId': expect.any(String),
      handlerSuccessors: expect.any(String),
    });
    expect(findBadStrings('\u0000')).toEqual({ '(body)': expect.any(String) });
    expect(findBadStrings(undefined)).toEqual({});
  });

  it('finds numbers that are not finite', () => {
    expect(
      findNonFinite({ page: Number.POSITIVE_INFINITY, pageSize: 20, nested: [{ x: Number.NaN }] }),
    ).toEqual({
      page: expect.any(String),
      'nested.x': expect.any(String),
    });
    expect(findNonFinite({ page: 1 })).toEqual({});
  });
});
