import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../types';
import { RowOwners } from './row-owners';

const nginx = { pid: 10, name: 'nginx', uid: 33, user: 'www-data' } as unknown as ProcessInfo;
const other = { ...nginx } as ProcessInfo;

describe('RowOwners', () => {
  it('says a committed row had an owner only for the same PID, the same details object and the same user', () => {
    const owners = new RowOwners();
    expect(owners.same(0, 0, null, null)).toBe(false);
    owners.begin(3);
    owners.note(0, 10, nginx, 'www-data');
    owners.note(1, 0, null, 'root');
    owners.note(2, 0, null, null);
    // Not committed yet: nothing to compare with.
    expect(owners.same(0, 10, nginx, 'www-data')).toBe(false);
    owners.commit();
    expect(owners.same(0, 10, nginx, 'www-data')).toBe(true);
    expect(owners.same(1, 0, null, 'root')).toBe(true);
    expect(owners.same(2, 0, null, null)).toBe(true);
    expect(owners.same(0, 11, nginx, 'www-data')).toBe(false);
    // Equal details in another object (read again): compared field by field by the caller instead.
    expect(owners.same(0, 10, other, 'www-data')).toBe(false);
    expect(owners.same(1, 0, null, 'admin')).toBe(false);
    expect(owners.same(3, 0, null, null)).toBe(false);
  });

  it('compares with the last committed refresh only, whatever the refresh under way noted', () => {
    const owners = new RowOwners();
    owners.begin(1);
    owners.note(0, 10, nginx, 'www-data');
    owners.commit();
    owners.begin(2);
    owners.note(0, 20, null, 'root');
    owners.note(1, 10, nginx, 'www-data');
    expect(owners.same(0, 10, nginx, 'www-data')).toBe(true);
    expect(owners.same(1, 10, nginx, 'www-data')).toBe(false);
    owners.commit();
    expect(owners.same(0, 20, null, 'root')).toBe(true);
    expect(owners.same(1, 10, nginx, 'www-data')).toBe(true);
    // A refresh that failed before committing leaves the committed owners as they were.
    owners.begin(1);
    owners.note(0, 30, null, null);
    owners.begin(2);
    expect(owners.same(0, 20, null, 'root')).toBe(true);
  });
});
