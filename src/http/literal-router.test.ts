// The router: PatternRouter semantics (registration order, params, ALL) behind a literal prefilter.
import { describe, expect, it } from 'vitest';
import { LiteralPatternRouter, longestLiteral } from './literal-router';

describe('LiteralPatternRouter', () => {
  it('finds the longest literal run of a route', () => {
    const NAME = '/v2/:storage/:repository/:name{.+}';
    expect(longestLiteral(`${NAME}/blobs/uploads/:session`)).toBe('/blobs/uploads');
    expect(longestLiteral(`${NAME}/manifests/:reference`)).toBe('/manifests');
    expect(longestLiteral('/api/repository/:id/packages')).toBe('/api/repository');
    expect(longestLiteral('*')).toBe('');
    expect(longestLiteral('/v2/*')).toBe('/v2');
  });

  it('matches like PatternRouter: every route that fits, in registration order, with params', () => {
    const router = new LiteralPatternRouter<string>();
    const NAME = '/v2/:storage/:repository/:name{.+}';
    router.add('ALL', '*', 'identify');
    router.add('ALL', '/v2/*', 'header');
    router.add('GET', `${NAME}/manifests/:reference`, 'manifest');
    router.add('GET', `${NAME}/blobs/:digest`, 'blob');
    router.add('PUT', `${NAME}/blobs/uploads/:session`, 'finish');
    router.add('GET', '/api/tokens', 'tokens');

    const [found] = router.match('GET', '/v2/default/charts/team/app/blobs/sha256:ab') as [
      [string, Record<string, string>][],
    ];
    expect(found.map(([handler]) => handler)).toEqual(['identify', 'header', 'blob']);
    expect(found[2]![1]).toMatchObject({
      storage: 'default',
      repository: 'charts',
      name: 'team/app',
      digest: 'sha256:ab',
    });
    const [put] = router.match('PUT', '/v2/a/b/c/blobs/uploads/u1') as [[string, unknown][]];
    expect(put.map(([handler]) => handler)).toEqual(['identify', 'header', 'finish']);
    // A name may itself contain a literal of another route: the regular expression decides.
    const [tricky] = router.match('GET', '/v2/a/b/manifests/x/blobs/sha256:cd') as [
      [string, Record<string, string>][],
    ];
    expect(tricky.map(([handler]) => handler)).toEqual(['identify', 'header', 'blob']);
    expect(tricky[2]![1]).toMatchObject({ name: 'manifests/x' });
  });
});
