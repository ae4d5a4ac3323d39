import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { errnoName } from './errno-name';

describe('errnoName', () => {
  it("names an errno as the platform's constants do", () => {
    expect(errnoName(constants.errno.EINVAL)).toBe('EINVAL');
    expect(errnoName(constants.errno.ENOENT)).toBe('ENOENT');
  });

  it('gives the number of an errno the platform does not name', () => {
    expect(errnoName(4242)).toBe('errno 4242');
  });
});
