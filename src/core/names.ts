/** OCI names, manifest references and digest algorithms as values (parsed in oci/reference.ts). */

/** The registered digest algorithms (OCI Image Spec "Descriptor / Digests"). */
export type DigestAlgorithm = 'sha256' | 'sha512';

/** `<storage>/<repository>/<name>`: the OCI repository a request addresses. */
export interface OciName {
  storage: string;
  repository: string;
  /** Everything after the repository; for Helm, the chart name. May contain `/`. */
  name: string;
  /** The whole name as clients send it. */
  full: string;
}

/** A manifest reference: a digest, or a tag. */
export type ManifestReference = { kind: 'digest'; digest: string } | { kind: 'tag'; tag: string };
