/** What a chart page shows of an archive (README, values, schema, templates, CRDs, Chart.lock), capped. */
import type { ChartContents, ChartFileKind, ExtractedFile } from '../core/chart-contents';
import type { ChartMetadata } from '../core/chart-metadata';

const MiB = 1024 * 1024;
/** Cap per body, per kind: what a page shows; the rest is marked truncated. */
export const BODY_CAPS: Record<ChartFileKind, number> = {
  readme: MiB,
  values: MiB,
  schema: MiB,
  template: 256 * 1024,
  crd: MiB,
  lock: 256 * 1024,
};
/** Bytes of bodies kept per version (and held in memory while the archive streams). */
export const MAX_EXTRACTED_BYTES = 4 * MiB;
/** Files listed per version: a chart with more templates lists the first ones. */
export const MAX_EXTRACTED_FILES = 1000;

/** Artifact Hub's annotations (artifacthub.io/docs/topics/annotations/helm/) kept for a page. */
const ARTIFACTHUB_KEYS = [
  'changes',
  'crds',
  'crdsExamples',
  'images',
  'links',
  'license',
  'signKey',
  'prerelease',
  'containsSecurityUpdates',
];

/**
 * Which kind of extracted file a path (inside the chart directory, cleaned by helmPath) is, or
 * null. Only the chart's own files: `charts/<sub>/...` (subcharts) are skipped. README in any
 * case, as Artifact Hub and Helm's `helm show readme` (which takes the first `readme*` file).
 */
export function extractedKind(path: string): ChartFileKind | null {
  if (/^readme\.md$/i.test(path)) return 'readme';
  if (path === 'values.yaml') return 'values';
  if (path === 'values.schema.json') return 'schema';
  if (path === 'Chart.lock') return 'lock';
  if (path.startsWith('templates/')) return 'template';
  if (path.startsWith('crds/')) return 'crd';
  return null;
}

/** Collects the extracted files as the archive is read; memory bounded by MAX_EXTRACTED_BYTES. */
export class ContentsCollector {
  private files: ExtractedFile[] = [];
  private chunks: Uint8Array[] = [];
  private total = 0;
  private omitted = 0;
  private readmeSeen = false;

  /** How many bytes of this entry to keep (0 when none: not wanted, or no room left). */
  wants(path: string, size: number): { kind: ChartFileKind; keep: number } | null {
    const kind = extractedKind(path);
    if (!kind) return null;
    if (kind === 'readme') {
      if (this.readmeSeen) return null;
      this.readmeSeen = true;
    }
    if (this.files.length >= MAX_EXTRACTED_FILES) {
      this.omitted += 1;
      return null;
    }
    const keep = Math.min(size, BODY_CAPS[kind], MAX_EXTRACTED_BYTES - this.total);
    return { kind, keep: Math.max(0, keep) };
  }

  add(kind: ChartFileKind, path: string, size: number, bytes: Uint8Array): void {
    this.files.push({
      kind,
      path,
      size,
      offset: this.total,
      stored: bytes.byteLength,
      truncated: bytes.byteLength < size,
    });
    this.chunks.push(bytes);
    this.total += bytes.byteLength;
  }

  contents(metadata: ChartMetadata): ChartContents {
    const bodies = new Uint8Array(this.total);
    let at = 0;
    for (const chunk of this.chunks) {
      bodies.set(chunk, at);
      at += chunk.byteLength;
    }
    const annotations: Record<string, string> = {};
    for (const key of ARTIFACTHUB_KEYS) {
      const value = metadata.annotations?.[`artifacthub.io/${key}`];
      if (typeof value === 'string') annotations[key] = value;
    }
    return { files: this.files, filesOmitted: this.omitted, annotations, bodies };
  }
}

/** Reads at most `keep` bytes of an entry's body and drops the rest (the caps before it count all). */
export async function readCapped(
  body: ReadableStream<Uint8Array>,
  keep: number,
): Promise<Uint8Array> {
  const out = new Uint8Array(keep);
  let at = 0;
  const reader = body.getReader();
  while (at < keep) {
    const { done, value } = await reader.read();
    if (done) break;
    const take = Math.min(value.byteLength, keep - at);
    out.set(value.subarray(0, take), at);
    at += take;
  }
  await reader.cancel();
  return at === keep ? out : out.subarray(0, at);
}
