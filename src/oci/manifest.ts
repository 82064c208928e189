/** Manifest validation: OCI image manifest and index, Docker schema 2 manifest and list. */
import * as z from 'zod/mini';
import { RegistryError } from '../errors/registry-error';
import { digestAlgorithm } from './reference';

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

const IMAGE_TYPES = new Set<string>([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);
const INDEX_TYPES = new Set<string>([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]);

/** Manifests bigger than this are refused with 413 (spec: registries may set a limit). */
export const MAX_MANIFEST_SIZE = 4 * 1024 * 1024;

const annotations = z.optional(z.record(z.string(), z.string()));
const descriptor = z.object({
  mediaType: z.string(),
  digest: z.string(),
  size: z.int().check(z.nonnegative()),
  urls: z.optional(z.array(z.string())),
  annotations,
  artifactType: z.optional(z.string()),
});
const common = {
  schemaVersion: z.literal(2),
  mediaType: z.optional(z.string()),
  artifactType: z.optional(z.string()),
  subject: z.optional(descriptor),
  annotations,
};
const imageManifest = z.object({ ...common, config: descriptor, layers: z.array(descriptor) });
const imageIndex = z.object({ ...common, manifests: z.array(descriptor) });

type Descriptor = z.infer<typeof descriptor>;

export interface ParsedManifest {
  mediaType: string;
  /** Blobs the manifest needs in the repository: config and layers. */
  blobs: string[];
  /** Child manifests (indexes only). */
  manifests: string[];
  subject: string | null;
  artifactType: string | null;
  annotations: Record<string, string> | null;
  /** The config descriptor of an image manifest, null for an index. */
  config: Descriptor | null;
  layers: Descriptor[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The manifest bytes as text, exactly (no BOM stripping), or MANIFEST_INVALID for non-UTF-8. */
export function manifestText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new RegistryError('MANIFEST_INVALID', 'manifest is not valid UTF-8 JSON');
  }
}

function invalid(detail: string): RegistryError {
  return new RegistryError('MANIFEST_INVALID', detail);
}

function checkDescriptors(list: Descriptor[], where: string): void {
  for (const d of list) {
    if (!digestAlgorithm(d.digest)) throw invalid(`${where}: invalid digest "${d.digest}"`);
  }
}

function describeIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'manifest does not match its schema';
  const path = issue.path.length ? issue.path.join('.') : 'manifest';
  return `${path}: ${issue.message}`;
}

/**
 * Parses and validates a manifest; `contentType` is the request's Content-Type. Accepts the OCI
 * Image Spec v1.1 image manifest and image index, and the Docker v2 schema 2 manifest and manifest
 * list, as OCI Distribution Spec v1.1 "Pushing Manifests" does. Returns what the registry must
 * check and index: referenced blobs and manifests, the subject, and the artifact type used by the
 * referrers API.
 */
export function parseManifest(text: string, contentType: string | undefined): ParsedManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('manifest is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid('manifest must be a JSON object');
  }
  const declared = (json as { mediaType?: unknown }).mediaType;
  const headerType = contentType?.split(';')[0]?.trim() || undefined;
  if (typeof declared === 'string' && headerType && declared !== headerType) {
    throw invalid(`Content-Type ${headerType} does not match the manifest's mediaType ${declared}`);
  }
  const mediaType = typeof declared === 'string' ? declared : headerType;
  if (!mediaType || (!IMAGE_TYPES.has(mediaType) && !INDEX_TYPES.has(mediaType))) {
    throw invalid(
      `unsupported manifest media type ${mediaType ?? '(none)'}; expected one of ${Object.values(MEDIA_TYPES).join(', ')}`,
    );
  }

  if (IMAGE_TYPES.has(mediaType)) {
    const parsed = imageManifest.safeParse(json);
    if (!parsed.success) throw invalid(describeIssue(parsed.error));
    const m = parsed.data;
    checkDescriptors([m.config, ...m.layers], 'config/layers');
    if (m.subject) checkDescriptors([m.subject], 'subject');
    return {
      mediaType,
      blobs: [...new Set([m.config.digest, ...m.layers.map((l) => l.digest)])],
      manifests: [],
      subject: m.subject?.digest ?? null,
      // Referrers API: artifactType, else the config's media type (image spec "artifactType").
      artifactType: m.artifactType ?? m.config.mediaType,
      annotations: m.annotations ?? null,
      config: m.config,
      layers: m.layers,
    };
  }

  const parsed = imageIndex.safeParse(json);
  if (!parsed.success) throw invalid(describeIssue(parsed.error));
  const m = parsed.data;
  checkDescriptors(m.manifests, 'manifests');
  if (m.subject) checkDescriptors([m.subject], 'subject');
  return {
    mediaType,
    blobs: [],
    manifests: [...new Set(m.manifests.map((d) => d.digest))],
    subject: m.subject?.digest ?? null,
    artifactType: m.artifactType ?? null,
    annotations: m.annotations ?? null,
    config: null,
    layers: [],
  };
}
