// access.ts: the catalog's caching rule and list scopes.
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type Principal } from '../auth/principal';
import { catalogCacheControl, listScope, mayRead } from './access';

const user = (target: string): Principal => ({
  kind: 'user',
  subject: 't',
  grants: [{ target, actions: ['read'] }],
});

describe('catalog access', () => {
  it('only anonymous reads of public repositories are cacheable', () => {
    expect(catalogCacheControl(ANONYMOUS, 'public')).toBe('public, max-age=60');
    expect(catalogCacheControl(ANONYMOUS, 'private')).toBe('private, no-store');
    expect(catalogCacheControl(ANONYMOUS, null)).toBe('private, no-store');
    expect(catalogCacheControl(user('default/x'), 'public')).toBe('private, no-store');
  });

  it('lists: public, plus what grants name, or everything for admins', () => {
    expect(listScope(ANONYMOUS)).toEqual({ all: false, repositories: [] });
    expect(listScope({ kind: 'invalid' })).toEqual({ all: false, repositories: [] });
    expect(listScope({ kind: 'admin', subject: 'a' })).toEqual({ all: true, repositories: [] });
    expect(listScope(user('default/x'))).toEqual({ all: false, repositories: ['default/x'] });
    expect(listScope(user('*')).all).toBe(true);
  });

  it('a repository read: allowed or not, never a challenge', () => {
    const ref = { storage: 'default', repository: 'x' };
    expect(mayRead(ANONYMOUS, ref, 'public')).toBe(true);
    expect(mayRead(ANONYMOUS, ref, 'private')).toBe(false);
    expect(mayRead(ANONYMOUS, ref, null)).toBe(false);
    expect(mayRead(user('default/x'), ref, 'private')).toBe(true);
    expect(mayRead(user('default/y'), ref, 'private')).toBe(false);
    expect(mayRead({ kind: 'invalid' }, ref, 'public')).toBe(false);
  });
});
