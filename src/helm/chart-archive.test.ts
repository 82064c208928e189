// The two chart readers (chart-archive.ts, streamed and whole) agree on metadata and errors.
import { describe, expect, it } from 'vitest';
import { readChartArchive, readChartBytes, WHOLE_READ_LIMIT } from './chart-archive';
import { MAX_CHART_YAML_SIZE } from './chart-metadata';
import { buildChart, chartYamlOf, gzip, tarOf, tarOfEntries } from '../../test/helpers/charts';
import { bigRealChartYaml, hostileChartYaml } from '../../test/helpers/hostile-yaml';

const text = (s: string) => new Uint8Array(new TextEncoder().encode(s));
const good = chartYamlOf({ name: 'ok', version: '1.2.3' });

async function outcome(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return await read();
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const tgz = async (entries: Record<string, string>) => gzip(await tarOf(entries));
/** Entries in order, names as given, after a good `ok/Chart.yaml`. */
const withEntries = async (...names: string[]) =>
  gzip(
    await tarOfEntries([
      { name: 'ok/Chart.yaml', body: good },
      ...names.map((name) => ({ name, body: 'x' })),
    ]),
  );
const chartYamlBytes = async (bytes: Uint8Array<ArrayBuffer>) =>
  gzip(await tarOfEntries([{ name: 'ok/Chart.yaml', body: bytes }]));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};

// [what, archive, the error expected (null: the chart's metadata), reader options]
type ArchiveCase = [string, () => Promise<Uint8Array>, RegExp | null, { gzipOnly?: boolean }?];
const archives: ArchiveCase[] = [
  ['a chart', () => buildChart({ name: 'ok', version: '1.2.3' }), null],
  [
    'a chart unpacking past the in-memory limit',
    () =>
      buildChart({
        name: 'ok',
        version: '1.2.3',
        files: { 'z.txt': 'z'.repeat(WHOLE_READ_LIMIT) },
      }),
    null,
  ],
  ['a plain tar, where allowed', () => tarOf({ 'ok/Chart.yaml': good }), null, { gzipOnly: false }],
  ['a plain tar', () => tarOf({ 'ok/Chart.yaml': good }), /not gzip/],
  ['not an archive', async () => text('just text'), /not gzip/],
  ['gzip but not tar', () => gzip(text('x'.repeat(1000))), /not a valid gzip-compressed tar/],
  [
    'a truncated tar',
    async () => {
      const whole = await buildChart({
        name: 'ok',
        version: '1.2.3',
        files: { 'a.txt': 'a'.repeat(5000) },
      });
      return whole.slice(0, Math.floor(whole.byteLength / 2));
    },
    /not a valid gzip-compressed tar/,
  ],
  ['an empty tar', () => gzip(new Uint8Array(1024)), /empty/],
  ['no Chart.yaml', () => tgz({ 'ok/values.yaml': 'a: 1\n' }), /no Chart\.yaml/],
  ['a path with ..', () => tgz({ 'ok/Chart.yaml': good, '../evil': 'x' }), /illegal path/],
  [
    'two top-level directories',
    () => tgz({ 'ok/Chart.yaml': good, 'other/x': 'x' }),
    /more than one/,
  ],
  [
    'an oversized Chart.yaml',
    () => tgz({ 'ok/Chart.yaml': `${good}# ${'x'.repeat(MAX_CHART_YAML_SIZE)}\n` }),
    /Chart\.yaml exceeds/,
  ],
  ['a bad Chart.yaml', () => tgz({ 'ok/Chart.yaml': 'name: [unclosed\n' }), /not valid YAML/],
  // Paths as Helm's loader reads them (pkg/chart/loader/archive/archive.go).
  [
    'a second Chart.yaml spelt ./Chart.yaml',
    async () =>
      gzip(
        await tarOfEntries([
          { name: 'ok/Chart.yaml', body: good },
          { name: 'ok/./Chart.yaml', body: chartYamlOf({ name: 'ok', version: '6.6.6' }) },
        ]),
      ),
    /more than one Chart\.yaml \("ok\/\.\/Chart\.yaml"\)/,
  ],
  [
    'a second Chart.yaml spelt templates/../Chart.yaml',
    () => withEntries('ok/templates/../Chart.yaml'),
    /more than one Chart\.yaml/,
  ],
  [
    'a Windows path leaving the chart',
    () => withEntries('ok\\..\\..\\evil'),
    /illegal path.*leaves/,
  ],
  ['a Windows drive path', () => withEntries('ok/c:/x'), /illegal path.*Windows drive/],
  [
    'an absolute path inside the chart',
    () => withEntries('ok//Chart.yaml'),
    /illegal path.*absolute/,
  ],
  ['a path leaving the chart', () => withEntries('ok/a/../../evil'), /illegal path.*leaves/],
  ['a file beside the chart directory', () => withEntries('README.md'), /illegal path.*inside/],
  [
    'a Chart.yaml that is a symlink',
    async () =>
      gzip(
        await tarOfEntries([
          { name: 'ok/values.yaml', body: '' },
          { name: 'ok/Chart.yaml', body: '', type: 'symlink' },
        ]),
      ),
    /must be a regular file, not a symlink/,
  ],
  [
    'a chart whose files start with ./',
    async () => gzip(await tarOfEntries([{ name: './ok/Chart.yaml', body: good }])),
    /no Chart\.yaml/,
  ],
  [
    'a Chart.yaml with a UTF-8 byte-order mark',
    () =>
      chartYamlBytes(
        concat(new Uint8Array([0xef, 0xbb, 0xbf]), text(good)) as Uint8Array<ArrayBuffer>,
      ),
    null,
  ],
  [
    'a Chart.yaml in UTF-16',
    () => chartYamlBytes(new Uint8Array([0xff, 0xfe, 0x61, 0x00])),
    /UTF-16/,
  ],
  ['a Chart.yaml with a NUL', () => chartYamlBytes(text(`${good}# \0\n`)), /NUL/],
  [
    'a Chart.yaml that is not UTF-8',
    () =>
      chartYamlBytes(
        concat(text(good), new Uint8Array([0x23, 0xc3, 0x28, 0x0a])) as Uint8Array<ArrayBuffer>,
      ),
    /not valid UTF-8/,
  ],
  // Work bounds (chart-yaml-bounds.ts): refused before the YAML parser runs.
  ['a Chart.yaml as big as real ones get', () => tgz({ 'ok/Chart.yaml': bigRealChartYaml }), null],
  ...hostileChartYaml.map(
    ([what, yaml, message]) => [what, () => tgz({ 'ok/Chart.yaml': yaml }), message] as ArchiveCase,
  ),
];

// Same metadata and the same error for the same bytes, so every rejection holds on both paths.
describe('chart readers', () => {
  it.each(archives)('agree on %s', async (_what, make, expected, options = {}) => {
    const bytes = await make();
    const streamed = await outcome(() => readChartArchive(new Blob([bytes]).stream(), options));
    const whole = await outcome(() => readChartBytes(bytes, options));
    expect(whole).toEqual(streamed);
    if (expected) expect(whole).toEqual({ error: expect.stringMatching(expected) });
    else
      expect(whole).toEqual({
        metadata: expect.objectContaining({ name: 'ok', version: '1.2.3' }),
        contents: expect.any(Object),
      });
  });
});
