// Unit tests of chart-contents.ts: which files a page gets, and the per-version caps.
import { describe, expect, it } from 'vitest';
import { gzip, tarOf } from '../../test/helpers/chart-archive';
import { readChartArchive, readChartBytes } from './chart-archive';
import { extractedKind, MAX_EXTRACTED_BYTES, MAX_EXTRACTED_FILES } from './chart-contents';

const chartYaml = 'apiVersion: v2\nname: c\nversion: 1.0.0\n';
const read = async (entries: Record<string, string>) =>
  readChartArchive(new Blob([await gzip(await tarOf(entries))]).stream());

describe('extractedKind', () => {
  it.each([
    ['README.md', 'readme'],
    ['ReadMe.MD', 'readme'],
    ['values.yaml', 'values'],
    ['values.schema.json', 'schema'],
    ['Chart.lock', 'lock'],
    ['templates/a/b.yaml', 'template'],
    ['crds/x.yaml', 'crd'],
    ['charts/sub/README.md', null],
    ['charts/sub/templates/x.yaml', null],
    ['docs/README.md', null],
    ['README.txt', null],
  ])('%s is %s', (path, kind) => expect(extractedKind(path)).toBe(kind));
});

describe('contents caps', () => {
  it('keeps only the first README when two differ in case', async () => {
    const { contents } = await read({
      'c/Chart.yaml': chartYaml,
      'c/README.md': 'a',
      'c/readme.md': 'b',
    });
    expect(contents.files).toEqual([
      { kind: 'readme', path: 'README.md', size: 1, offset: 0, stored: 1, truncated: false },
    ]);
  });

  it('bounds the bytes kept per version; later files are listed, truncated', async () => {
    const mib = 'x'.repeat(1024 * 1024);
    const entries: Record<string, string> = { 'c/Chart.yaml': chartYaml };
    for (let i = 0; i < 5; i++) entries[`c/crds/${i}.yaml`] = mib;
    const { contents } = await read(entries);
    expect(contents.bodies.byteLength).toBe(MAX_EXTRACTED_BYTES);
    expect(contents.files.map((f) => f.stored)).toEqual([
      mib.length,
      mib.length,
      mib.length,
      mib.length,
      0,
    ]);
    expect(contents.files[4]!.truncated).toBe(true);
  });

  it('lists at most MAX_EXTRACTED_FILES files and counts the rest', async () => {
    const entries: Record<string, string> = { 'c/Chart.yaml': chartYaml };
    for (let i = 0; i < MAX_EXTRACTED_FILES + 3; i++) entries[`c/templates/${i}.yaml`] = 'k: v\n';
    const { contents } = await read(entries);
    expect(contents.files).toHaveLength(MAX_EXTRACTED_FILES);
    expect(contents.filesOmitted).toBe(3);
  });

  it('reads the same contents whole and streamed', async () => {
    const bytes = await gzip(
      await tarOf({
        'c/Chart.yaml': chartYaml,
        'c/values.yaml': 'a: 1\n',
        'c/templates/t.yaml': 't',
      }),
    );
    expect(await readChartBytes(bytes)).toEqual(await readChartArchive(new Blob([bytes]).stream()));
  });
});
