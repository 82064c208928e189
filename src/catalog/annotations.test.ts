// annotations.ts: Artifact Hub's annotations read with bounds; malformed ones are absent, never an error.
import { describe, expect, it } from 'vitest';
import {
  changesOf,
  flagOf,
  imagesOf,
  licenseOf,
  linksOf,
  MAX_ANNOTATION_ENTRIES,
  MAX_ANNOTATION_STRING,
} from './annotations';

const of = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([k, v]) => [`artifacthub.io/${k}`, v]));

describe('Artifact Hub annotations', () => {
  it('changes: strings and structured entries', () => {
    const changes = changesOf(
      of({
        changes:
          '- plain\n- kind: fixed\n  description: a bug\n  links:\n    - {name: issue, url: https://x/1}\n    - broken\n',
      }),
    );
    expect(changes).toEqual([
      { kind: null, description: 'plain', links: [] },
      { kind: 'fixed', description: 'a bug', links: [{ name: 'issue', url: 'https://x/1' }] },
    ]);
  });

  it('malformed annotations yield nothing', () => {
    for (const bad of [
      '[unclosed',
      'just a string',
      '{a: 1}',
      '- &a [*a]',
      `x: ${'['.repeat(1000)}`,
    ]) {
      const m = of({ changes: bad, links: bad, images: bad });
      expect([changesOf(m), linksOf(m), imagesOf(m)]).toEqual([[], [], []]);
    }
    expect(changesOf(of({ changes: '- {kind: added}\n- 42\n' }))).toEqual([
      { kind: null, description: '42', links: [] },
    ]);
  });

  it(`keeps ${MAX_ANNOTATION_ENTRIES} entries and ${MAX_ANNOTATION_STRING} characters a string`, () => {
    const many = Array.from({ length: 300 }, (_, i) => `- change ${i}\n`).join('');
    expect(changesOf(of({ changes: many }))).toHaveLength(MAX_ANNOTATION_ENTRIES);
    const long = changesOf(of({ changes: `- "${'y'.repeat(5000)}"\n` }));
    expect(long[0]!.description).toHaveLength(MAX_ANNOTATION_STRING);
  });

  it('links, images, license and flags', () => {
    const m = of({
      links: '- name: docs\n  url: https://docs\n- name: no url\n',
      images: '- name: app\n  image: x/app:1\n  whitelisted: true\n',
      license: ' MIT ',
      containsSecurityUpdates: 'true',
      prerelease: 'yes',
    });
    expect(linksOf(m)).toEqual([{ name: 'docs', url: 'https://docs' }]);
    expect(imagesOf(m)).toEqual([{ name: 'app', image: 'x/app:1', whitelisted: true }]);
    expect(licenseOf(m)).toBe('MIT');
    expect(flagOf(m, 'containsSecurityUpdates')).toBe(true);
    expect(flagOf(m, 'prerelease')).toBe(false);
    expect(licenseOf(of({}))).toBeNull();
  });
});
