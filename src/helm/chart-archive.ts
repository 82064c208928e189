/** Reads a chart archive (`.tgz`) for its Chart.yaml and page contents: streamed, unpacking capped, or whole when small. */
import { createTarDecoder, unpackTar } from 'modern-tar';
import type { ChartContents } from '../core/chart-contents';
import type { ChartMetadata } from '../core/chart-metadata';
import { bigChunks } from '../streams/big-chunks';
import { gunzipBounded, type GunzipLimits } from '../streams/gunzip-bounded';
import { inflateCapped } from '../streams/inflate-capped';
import { ContentsCollector, readCapped } from './chart-contents';
import { ChartInvalid } from './chart-error';
import { decodeChartYaml, MAX_CHART_YAML_SIZE, parseChartYaml } from './chart-metadata';

/** Unpacked bytes allowed in one chart (Helm's MaxDecompressedChartSize is 100 MiB). */
export const MAX_UNPACKED_CHART_SIZE = 100 * 1024 * 1024;
/**
 * Unpacked/compressed ratio refused past UNPACKED_RATIO_FLOOR bytes: real charts compress 3-20
 * times (YAML and JSON); a bomb of zeros, 1032 times. Refused there, a bomb costs 10 MiB of
 * inflating, not 100.
 */
export const MAX_UNPACKED_RATIO = 200;
export const UNPACKED_RATIO_FLOOR = 10 * 1024 * 1024;

const unpackedLimits: GunzipLimits = {
  maxOutput: MAX_UNPACKED_CHART_SIZE,
  maxRatio: MAX_UNPACKED_RATIO,
  ratioFloor: UNPACKED_RATIO_FLOOR,
  refuse: (reason) => new ChartInvalid(`unpacked chart ${reason}`),
};

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

/** Go's path.Clean for a relative path: drops empty and `.` parts, folds `x/..`. */
function cleanPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/') || '.';
}

const DRIVE_PATH = /^[a-zA-Z]:\//;
const illegal = (name: string, why: string) =>
  new ChartInvalid(`chart archive has an illegal path "${name}": ${why}`);

/**
 * An entry's top-level directory and its path inside it, normalised and checked as Helm's
 * LoadArchiveFiles does (helm/pkg/chart/loader/archive/archive.go, Helm 3.18 and 4): a name with
 * a `\` is split on `\` (archives made on Windows), the first part is the chart directory, the
 * rest is joined with `/` and cleaned like Go's path.Clean; absolute paths, paths that leave the
 * directory (`..`), files outside it, and Windows drive paths (`c:/x`) are refused.
 */
function helmPath(name: string): { top: string; path: string } {
  const parts = name.split(name.includes('\\') ? '\\' : '/');
  const top = parts[0]!;
  // Helm takes any first part as the directory; a chart directory named "" or ".." is refused here.
  if (top === '' || top === '..') throw illegal(name, 'it leaves the chart directory');
  const rest = parts.slice(1).join('/');
  if (rest.startsWith('/')) throw illegal(name, 'absolute paths are not allowed');
  const path = cleanPath(rest);
  if (path === '.') throw illegal(name, 'files must be inside the chart directory');
  if (path.startsWith('..')) throw illegal(name, 'it leaves the chart directory');
  if (DRIVE_PATH.test(path)) throw illegal(name, 'it names a Windows drive');
  return { top, path };
}

/**
 * What both readers check entry by entry: Helm's layout rules, and which entry is Chart.yaml.
 * Helm reads every Chart.yaml entry into the same metadata, so with two (`bad/Chart.yaml` and
 * `bad/./Chart.yaml`) the last one's fields win; the index would show the first. Such an
 * archive is refused: no client would make one.
 */
class ChartScan {
  private topDir: string | null = null;
  private count = 0;
  private chartYamlSeen = false;
  chartYaml: string | null = null;
  readonly collector = new ContentsCollector();

  /** Checks the entry's path; returns it (cleaned) for a regular file, else null. */
  visit(name: string, type: string | undefined): string | null {
    this.count += 1;
    let top: string;
    let path: string | null = null;
    if (type === 'directory') {
      // Helm skips directories; only a stray top-level directory is refused here.
      top = name.split(name.includes('\\') ? '\\' : '/')[0]!;
      if (top === '' || top === '..') throw illegal(name, 'it leaves the chart directory');
    } else ({ top, path } = helmPath(name));
    if (this.topDir === null) this.topDir = top;
    else if (this.topDir !== top) {
      throw new ChartInvalid(
        `chart archive has more than one top-level directory ("${this.topDir}", "${top}")`,
      );
    }
    if (path !== 'Chart.yaml') return type === 'file' ? path : null;
    if (this.chartYamlSeen)
      throw new ChartInvalid(`chart archive has more than one Chart.yaml ("${name}")`);
    this.chartYamlSeen = true;
    if (type !== 'file')
      throw new ChartInvalid(`Chart.yaml ("${name}") must be a regular file, not a ${type}`);
    return path;
  }

  result(): ChartRead {
    if (this.count === 0) throw new ChartInvalid('chart archive is empty');
    if (this.chartYaml === null)
      throw new ChartInvalid('chart archive has no Chart.yaml in its top-level directory');
    const metadata = parseChartYaml(this.chartYaml);
    return { metadata, contents: this.collector.contents(metadata) };
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

async function readChartYamlEntry(body: ReadableStream<Uint8Array>): Promise<string> {
  const capped = body.pipeThrough(byteCap(MAX_CHART_YAML_SIZE, 'Chart.yaml'));
  return decodeChartYaml(new Uint8Array(await new Response(capped).arrayBuffer()));
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

/** What reading an archive gives: Chart.yaml's metadata and the files a chart page shows. */
export interface ChartRead {
  metadata: ChartMetadata;
  contents: ChartContents;
}

/**
 * Reads the chart archive and returns its Chart.yaml metadata and page contents (chart-contents.ts,
 * each body capped, so memory stays bounded): gunzip with the runtime's
 * DecompressionStream (gunzipBounded), walk the tar entries with `modern-tar`, and parse
 * `<chart>/Chart.yaml`. The whole archive is read (so truncation is caught) while only Chart.yaml
 * is held in memory, and the unpacked size is capped against decompression bombs. Paths are read
 * as Helm's loader reads them (helmPath). `gzipOnly` rejects a plain tar (chart archives are
 * `.tgz`; only Helm's earliest OCI layer type held an uncompressed tar).
 */
export async function readChartArchive(
  archive: ReadableStream<Uint8Array>,
  options: { gzipOnly?: boolean } = {},
): Promise<ChartRead> {
  const [gzip, stream] = await sniffGzip(bigChunks(archive));
  if (!gzip && options.gzipOnly !== false) {
    await stream.cancel();
    throw notGzip();
  }
  // Gzip: gunzipBounded caps the output itself (and holds at most one slice's output).
  const tar = gzip
    ? gunzipBounded(stream, unpackedLimits)
    : stream.pipeThrough(byteCap(MAX_UNPACKED_CHART_SIZE, 'unpacked chart'));
  const entries = tar.pipeThrough(createTarDecoder({ strict: true }));

  const scan = new ChartScan();
  try {
    for await (const entry of entries) {
      const path = scan.visit(entry.header.name, entry.header.type);
      const wanted = path === null ? null : scan.collector.wants(path, entry.header.size);
      if (path === 'Chart.yaml') {
        scan.chartYaml = await readChartYamlEntry(entry.body);
      } else if (path !== null && wanted) {
        const bytes = await readCapped(entry.body, wanted.keep);
        scan.collector.add(wanted.kind, path, entry.header.size, bytes);
      } else {
        // Skipped without streaming its body; the unpacked-size limits sit before the tar
        // decoder, so they still count every byte.
        await entry.body.cancel();
      }
    }
  } catch (err) {
    throw invalidArchive(err, gzip);
  }
  return scan.result();
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
): Promise<ChartRead> {
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
      const path = scan.visit(entry.header.name, entry.header.type);
      const data = entry.data ?? new Uint8Array(0);
      if (path === 'Chart.yaml') scan.chartYaml = decodeChartYaml(data);
      else if (path !== null) {
        const wanted = scan.collector.wants(path, data.byteLength);
        // A copy: the entry's bytes are a view of the whole tar.
        if (wanted)
          scan.collector.add(wanted.kind, path, data.byteLength, data.slice(0, wanted.keep));
      }
    }
  } catch (err) {
    throw invalidArchive(err, gzip);
  }
  return scan.result();
}
