/** Grammar of OCI names, tags and digests: client input parsed into checked values. */
import type { DigestAlgorithm, ManifestReference, OciName } from '../core/names';
import { RegistryError } from '../errors/registry-error';

const NAME_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const DIGEST = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
/** A Map, not an object: the algorithm is client input (`constructor:…` must not find a prototype member). */
const ENCODED = new Map<string, RegExp>([
  ['sha256', /^[a-f0-9]{64}$/],
  ['sha512', /^[a-f0-9]{128}$/],
]);
const MAX_NAME_LENGTH = 255;

/** Storage names that would make `/v2/<storage>/…` ambiguous with the aliased routes. */
export const RESERVED_STORAGE_NAMES = new Set(['repositories', '_catalog', 'token']);

export function isNameComponent(value: string): boolean {
  return NAME_COMPONENT.test(value);
}

/**
 * `<storage>/<repository>/<name…>` split at its first two `/`, when it has three components or
 * more and each matches the name grammar (its length unchecked: parseOciName checks it), or null.
 */
export function splitOciName(full: string): OciName | null {
  const parts = full.split('/');
  if (parts.length < 3 || !parts.every(isNameComponent)) return null;
  const [storage, repository, ...rest] = parts as [string, string, ...string[]];
  return { storage, repository, name: rest.join('/'), full };
}

/** The route params as an OCI name (spec v1.1 "Pulling manifests"), or throws NAME_INVALID. */
export function parseOciName(storage: string, repository: string, name: string): OciName {
  const full = `${storage}/${repository}/${name}`;
  if (full.length > MAX_NAME_LENGTH || !splitOciName(full)) {
    throw new RegistryError('NAME_INVALID', {
      name: full,
      reason:
        'names are <storage>/<repository>/<name>, each path component lower-case [a-z0-9] separated by ".", "_", "__" or "-"',
    });
  }
  return { storage, repository, name, full };
}

/** A tag as OCI Distribution Spec v1.1 "Pulling manifests" defines it. */
export function isTag(value: string): boolean {
  return TAG.test(value);
}

/**
 * Returns the algorithm of a well-formed digest, or null when the string is not one we accept
 * (OCI Image Spec "Descriptor / Digests": sha256 and sha512 are the registered algorithms).
 */
export function digestAlgorithm(value: string): DigestAlgorithm | null {
  const m = DIGEST.exec(value);
  if (!m) return null;
  const pattern = ENCODED.get(m[1]!);
  return pattern?.test(m[2]!) ? (m[1] as DigestAlgorithm) : null;
}

/** Validates a digest parameter, throwing DIGEST_INVALID for anything malformed or unsupported. */
export function parseDigest(value: string | undefined): string {
  if (!value || !digestAlgorithm(value)) {
    throw new RegistryError('DIGEST_INVALID', {
      digest: value ?? null,
      reason: 'expected sha256:<64 hex> or sha512:<128 hex>',
    });
  }
  return value;
}

/**
 * A manifest reference is a digest (contains ":") or a tag. `use` says what the request does:
 * a manifest is `stored` under a malformed tag never (400 MANIFEST_INVALID), and one is never
 * there to be `found` (GET, HEAD, DELETE): 404 MANIFEST_UNKNOWN, as the spec's "If the manifest
 * is not found in the repository, the response code MUST be 404" and the conformance suite's
 * "GET/HEAD nonexistent manifest should return 404" (reference `.INVALID_MANIFEST_NAME`) ask.
 */
export function parseReference(value: string, use: 'found' | 'stored'): ManifestReference {
  if (value.includes(':')) return { kind: 'digest', digest: parseDigest(value) };
  if (!isTag(value)) {
    if (use === 'found') throw new RegistryError('MANIFEST_UNKNOWN', { reference: value });
    throw new RegistryError('MANIFEST_INVALID', {
      reference: value,
      reason: 'tags match [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}',
    });
  }
  return { kind: 'tag', tag: value };
}
