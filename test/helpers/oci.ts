// Test helpers for the OCI API: requests through the real Worker, blob/manifest pushes, error checks.
import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import { descriptorOf, OCI_MANIFEST, OciClient, sha256, type Descriptor } from './oci-client';

export {
  descriptorOf,
  OCI_INDEX,
  OCI_MANIFEST,
  randomBytes,
  sha256,
  type Descriptor,
} from './oci-client';

export const ORIGIN = 'http://registry.test';
export const ADMIN_TOKEN = 'test-admin-token';
export const ADMIN = `Bearer ${ADMIN_TOKEN}`;

export interface RequestOptions {
  body?: BodyInit | null;
  headers?: Record<string, string>;
  /** Send the admin credential (default true). */
  auth?: boolean;
}

/** The Worker under test, as an OCI client reaches it. */
const worker = new OciClient(ORIGIN, {}, (r) => exports.default.fetch(r));

export function request(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.auth !== false && !headers.has('authorization')) headers.set('authorization', ADMIN);
  return worker.send(method, path, { body: options.body, headers: Object.fromEntries(headers) });
}

let counter = 0;
/** A fresh OCI name in the seeded repository default/charts. */
export function uniqueName(prefix = 'pkg'): string {
  counter += 1;
  return `default/charts/${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Asserts status and that the body is the OCI error JSON with `code` (distribution's checkBodyHasErrorCodes). */
export async function expectOciError(
  res: Response,
  status: number,
  code: string,
): Promise<unknown> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { errors: { code: string; message: string; detail: unknown }[] };
  expect(body.errors.map((e) => e.code)).toContain(code);
  for (const e of body.errors) expect(typeof e.message).toBe('string');
  return body.errors[0]!.detail;
}

/** Monolithic blob push (POST ?digest=). Returns the digest. */
export async function pushBlob(
  name: string,
  bytes: Uint8Array<ArrayBuffer> | string,
): Promise<string> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const digest = await sha256(data);
  const res = await request('POST', `/v2/${name}/blobs/uploads/?digest=${digest}`, { body: data });
  expect(res.status, await res.clone().text()).toBe(201);
  return digest;
}

/** Pushes a config and layers, then an image manifest; returns the manifest text and digest. */
export async function pushImage(
  name: string,
  tag: string,
  options: {
    layers?: string[];
    subject?: Descriptor;
    artifactType?: string;
    configType?: string;
  } = {},
): Promise<{ manifest: string; digest: string; descriptor: Descriptor }> {
  const config = `{"seed":"${Math.random()}"}`;
  const configType = options.configType ?? 'application/vnd.oci.image.config.v1+json';
  await pushBlob(name, config);
  const layers: Descriptor[] = [];
  for (const layer of options.layers ?? ['layer-a']) {
    await pushBlob(name, layer);
    layers.push(await descriptorOf('application/vnd.oci.image.layer.v1.tar', layer));
  }
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    ...(options.artifactType ? { artifactType: options.artifactType } : {}),
    config: await descriptorOf(configType, config),
    layers,
    ...(options.subject ? { subject: options.subject } : {}),
  });
  const res = await request('PUT', `/v2/${name}/manifests/${tag}`, {
    body: manifest,
    headers: { 'content-type': OCI_MANIFEST },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const digest = await sha256(manifest);
  return { manifest, digest, descriptor: await descriptorOf(OCI_MANIFEST, manifest) };
}
