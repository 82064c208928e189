/**
 * Reads a chart archive (`.tgz`) as a stream: gunzip with the runtime's DecompressionStream,
 * walk the tar entries with `modern-tar`, and parse `<chart>/Chart.yaml`. The whole archive is
 * read (so truncation is caught) while only Chart.yaml is held in memory, and the unpacked size
 * is capped against decompression bombs. Layout rules follow Helm's loader
 * (helm/pkg/chart/loader/archive.go): one top-level directory, no absolute or `..` paths.
 * A small archive already in memory is read in one piece instead (readChartBytes).
 */
import { createTarDecoder, unpackTar } from 'modern-tar';
import { bigChunks } from '../streams/big-chunks';
import { inflateCapped } from '../streams/inflate-capped';
import { ChartInvalid } from './chart-error';
import { MAX_CHART_YAML_SIZE, parseChartYaml, type ChartMetadata } from './chart-metadata';

/** Unpacked bytes allowed in one chart (Helm's MaxDecompressedChartSize is 100 MiB). */
export const MAX_UNPACKED_CHART_SIZE = 100 * 1024 * 1024;

const GZIP_MAGIC = [0x1f, 0x8b];

/** Counts bytes going through and fails the stream once `limit` is passed. */
function byteCap(limit: number, what: string): TransformStream<Uint8Array, Uint8Array> {
  let total = 0;
  return new TransformStream({
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total > limit) {
        controller.error(new ChartInvalid(`${what} exceeds ${limit} bytes`));
        return;
      }
      controller.enqueue(chunk);
    },
  });
}

/** Rejects what Helm's loader rejects; returns the path inside the chart directory. */
function chartPath(name: string, topDir: { value: string | null }): string | null {
  const clean = name.replace(/^\.\//, '');
  if (clean.startsWith('/') || clean.split('/').includes('..')) {
    throw new ChartInvalid(`chart archive has an illegal path "${name}"`);
  }
  const slash = clean.indexOf('/');
  if (slash < 0) return null;
  const dir = clean.slice(0, slash);
  if (topDir.value === null) topDir.value = dir;
  else if (topDir.value !== dir) {
    throw new ChartInvalid(
      `chart archive has more than one top-level directory ("${topDir.value}", "${dir}")`,
    );
  }
  return clean.slice(slash + 1);
}

/** What both readers check entry by entry: Helm's layout rules, and which entry is Chart.yaml. */
class ChartScan {
  private readonly topDir = { value: null as string | null };
  private count = 0;
  chartYaml: string | null = null;

  /** Checks the entry's path; true when it is the chart's Chart.yaml (its text is wanted). */
  visit(name: string, type: string | undefined): boolean {
    this.count += 1;
    return chartPath(name, this.topDir) === 'Chart.yaml' && type === 'file';
  }

  metadata(): ChartMetadata {
    if (this.count === 0) throw new ChartInvalid('chart archive is empty');
    if (this.chartYaml === null)
      throw new ChartInvalid('chart archive has no Chart.yaml in its top-level directory');
    return parseChartYaml(this.chartYaml);
  }
}

function notGzip(): ChartInvalid {
  return new ChartInvalid(
    'chart archive is not gzip-compressed (expected a .tgz made by `helm package`)',
  );
}

/** A gzip or tar error as the chart error it is. */
function invalidArchive(err: unknown, gzip: boolean): Error {
  if (err instanceof ChartInvalid) return err;
  return new ChartInvalid(
    `chart archive is not a valid ${gzip ? 'gzip-compressed ' : ''}tar: ${(err as Error).message}`,
  );
}

const isGzip = (head: Uint8Array) => head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];

async function readText(
  body: ReadableStream<Uint8Array>,
  limit: number,
  what: string,
): Promise<string> {
  const capped = body.pipeThrough(byteCap(limit, what));
  return new TextDecoder().decode(await new Response(capped).arrayBuffer());
}

/** Starts with gzip magic? Peeks the first chunk and gives back a stream that still has it. */
async function sniffGzip(
  stream: ReadableStream<Uint8Array>,
): Promise<[boolean, ReadableStream<Uint8Array>]> {
  const reader = stream.getReader();
  const first = await reader.read();
  const head = first.done ? new Uint8Array(0) : first.value;
  const gzip = isGzip(head);
  const rest = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.byteLength) controller.enqueue(head);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return [gzip, rest];
}

/**
 * Reads the chart archive and returns its Chart.yaml metadata. `gzipOnly` rejects a plain tar
 * (chart archives are `.tgz`; only Helm's earliest OCI layer type held an uncompressed tar).
 */
export async function readChartArchive(
  archive: ReadableStream<Uint8Array>,
  options: { gzipOnly?: boolean } = {},
): Promise<ChartMetadata> {
  const [gzip, stream] = await sniffGzip(bigChunks(archive));
  if (!gzip && options.gzipOnly !== false) {
    await stream.cancel();
    throw notGzip();
  }
  const tar = gzip ? bigChunks(stream.pipeThrough(new DecompressionStream('gzip'))) : stream;
  const entries = tar
    .pipeThrough(byteCap(MAX_UNPACKED_CHART_SIZE, 'unpacked chart'))
    .pipeThrough(createTarDecoder({ strict: true }));

  const scan = new ChartScan();
  try {
    for await (const entry of entries) {
      if (scan.visit(entry.header.name, entry.header.type)) {
        scan.chartYaml = await readText(entry.body, MAX_CHART_YAML_SIZE, 'Chart.yaml');
      } else {
        // Skipped without streaming its body; the unpacked-size cap sits before the tar decoder,
        // so it still counts every byte.
        await entry.body.cancel();
      }
    }
  } catch (err) {
    throw invalidArchive(err, gzip);
  }
  return scan.metadata();
}

/**
 * Unpacked size up to which an archive held in memory is read in one piece; past it, streamed.
 * Equal to Chart.yaml's own cap, so a Chart.yaml read in one piece is within it by construction.
 */
export const WHOLE_READ_LIMIT = MAX_CHART_YAML_SIZE;

/**
 * readChartArchive for an archive already in memory (an inline blob: at most 16 KiB): inflated
 * into one buffer of at most WHOLE_READ_LIMIT bytes and walked without streams, the same checks
 * at a quarter of the CPU (measured in workerd: ~0.3 ms against ~1.1 ms for a 4 KiB chart,
 * whose streams cost a promise round per chunk and per entry).
 */
export async function readChartBytes(
  bytes: Uint8Array,
  options: { gzipOnly?: boolean } = {},
): Promise<ChartMetadata> {
  const gzip = isGzip(bytes);
  if (!gzip && options.gzipOnly !== false) throw notGzip();
  let tar: Uint8Array | null;
  try {
    tar = gzip ? await inflateCapped(bytes, WHOLE_READ_LIMIT) : bytes;
  } catch (err) {
    throw invalidArchive(err, gzip);
  }
  if (!tar) return readChartArchive(new Blob([bytes]).stream(), options);
  const scan = new ChartScan();
  try {
    for (const entry of await unpackTar(tar, { strict: true })) {
      if (scan.visit(entry.header.name, entry.header.type))
        scan.chartYaml = new TextDecoder().decode(entry.data ?? new Uint8Array(0));
    }
  } catch (err) {
    throw invalidArchive(err, gzip);
  }
  return scan.metadata();
}
