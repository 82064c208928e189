// The two chart readers (streamed, and in one piece for an archive in memory) give the same
// metadata and the same error for the same bytes, so every rejection holds on both paths.
import { describe, expect, it } from 'vitest';
import { readChartArchive, readChartBytes, WHOLE_READ_LIMIT } from '../../src/helm/chart-archive';
import { MAX_CHART_YAML_SIZE } from '../../src/helm/chart-metadata';
import { buildChart, chartYamlOf, gzip, tarOf } from '../helpers/charts';

const text = (s: string) => new Uint8Array(new TextEncoder().encode(s));
const good = chartYamlOf({ name: 'ok', version: '1.2.3' });

async function outcome(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return { metadata: await read() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const tgz = async (entries: Record<string, string>) => gzip(await tarOf(entries));

// [what, archive, the error expected (null: the chart's metadata), reader options]
const archives: [string, () => Promise<Uint8Array>, RegExp | null, { gzipOnly?: boolean }?][] = [
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
];

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
      });
  });
});
