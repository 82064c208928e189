// An OCI client over any fetch (workerd's exports.default.fetch, Node's fetch): digests, descriptors, Helm's push and pull.
import { HELM_CHART, HELM_CONFIG } from './chart-archive';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

export type Fetcher = (request: Request) => Promise<Response>;
export type HeaderMap = Record<string, string>;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

const bytesOf = (content: string | Uint8Array) =>
  typeof content === 'string' ? new TextEncoder().encode(content) : content;

export async function sha256(content: Uint8Array | string): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', bytesOf(content) as Uint8Array<ArrayBuffer>);
  return `sha256:${[...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Pseudo-random bytes of any size (getRandomValues is limited to 64 KiB per call). */
export function randomBytes(size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let at = 0; at < size; at += 65536) {
    crypto.getRandomValues(out.subarray(at, Math.min(at + 65536, size)));
  }
  return out;
}

export async function descriptorOf(
  mediaType: string,
  content: string | Uint8Array,
): Promise<Descriptor> {
  const bytes = bytesOf(content);
  return { mediaType, digest: await sha256(bytes), size: bytes.byteLength };
}

/** A Helm chart's config blob as `helm push` writes it (Chart.yaml's fields, here the minimum). */
export function chartConfig(chartName: string, version: string): string {
  return JSON.stringify({ name: chartName, version, apiVersion: 'v2' });
}

/** A Helm chart manifest; `mediaType` as oras-go writes it, or left out as older clients do. */
export function chartManifest(
  config: Descriptor,
  layers: Descriptor[],
  options: { mediaType?: boolean } = {},
): string {
  return JSON.stringify({
    schemaVersion: 2,
    ...(options.mediaType ? { mediaType: OCI_MANIFEST } : {}),
    config,
    layers,
  });
}

/** The token URL a `WWW-Authenticate: Bearer realm=…,service=…,scope=…` challenge names. */
export function tokenUrl(challenge: string | null): string {
  if (!challenge || !/^Bearer /i.test(challenge))
    throw new Error(`no Bearer challenge: ${challenge}`);
  const params = new Map([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const url = new URL(params.get('realm') ?? '');
  for (const key of ['service', 'scope']) {
    const value = params.get(key);
    if (value) url.searchParams.set(key, value);
  }
  return url.toString();
}

async function expectStatus(res: Response, expected: number, what: string): Promise<Response> {
  if (res.status !== expected) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  return res;
}

/**
 * A registry at `origin` as a client sees it: `headers` go with every request (credentials),
 * `fetcher` sends them. Pushes and pulls follow Helm's own sequence of requests.
 */
export class OciClient {
  readonly origin: string;
  readonly headers: HeaderMap;
  readonly #fetch: Fetcher;

  constructor(origin: string, headers: HeaderMap = {}, fetcher: Fetcher = (r) => fetch(r)) {
    this.origin = origin;
    this.headers = headers;
    this.#fetch = fetcher;
  }

  /** The same registry with other credentials. */
  as(headers: HeaderMap): OciClient {
    return new OciClient(this.origin, headers, this.#fetch);
  }

  send(
    method: string,
    path: string | URL,
    init: { body?: BodyInit | null; headers?: HeaderMap } = {},
  ) {
    const headers = { ...this.headers, ...init.headers };
    const url = new URL(path, this.origin);
    return this.#fetch(new Request(url, { method, headers, body: init.body ?? null }));
  }

  /** A blob as Helm pushes it: POST an upload, then PUT ?digest= with the body. Returns the digest. */
  async pushBlob(name: string, content: Uint8Array<ArrayBuffer> | string): Promise<string> {
    const data = bytesOf(content) as Uint8Array<ArrayBuffer>;
    const digest = await sha256(data);
    const start = await expectStatus(
      await this.send('POST', `/v2/${name}/blobs/uploads/`),
      202,
      'start upload',
    );
    const location = new URL(start.headers.get('location') ?? '', this.origin);
    location.searchParams.set('digest', digest);
    const headers = { 'content-type': 'application/octet-stream' };
    await expectStatus(
      await this.send('PUT', location, { body: data, headers }),
      201,
      'finish upload',
    );
    return digest;
  }

  /**
   * A blob in chunks, as docker and containerd push big layers: POST, one PATCH per chunk with
   * its Content-Range (following each Location), then PUT ?digest= without a body. `digest` is
   * asked for after the last chunk, so the caller can hash the chunks as they go.
   */
  async pushBlobChunked(
    name: string,
    chunks: Iterable<Uint8Array<ArrayBuffer>>,
    digest: () => string,
  ): Promise<void> {
    const start = await this.send('POST', `/v2/${name}/blobs/uploads/`);
    await expectStatus(start, 202, 'start upload');
    let location = new URL(start.headers.get('location') ?? '', this.origin);
    let offset = 0;
    for (const chunk of chunks) {
      const range = `${offset}-${offset + chunk.byteLength - 1}`;
      const headers = { 'content-type': 'application/octet-stream', 'content-range': range };
      const res = await this.send('PATCH', location, { body: chunk, headers });
      await expectStatus(res, 202, 'PATCH');
      location = new URL(res.headers.get('location') ?? '', this.origin);
      offset += chunk.byteLength;
    }
    location.searchParams.set('digest', digest());
    await expectStatus(await this.send('PUT', location), 201, 'PUT');
  }

  /** A chart as `helm push` sends it: config blob, chart layer, then the manifest under `tag`. */
  async pushChart(name: string, tag: string, archive: Uint8Array<ArrayBuffer>): Promise<void> {
    const config = chartConfig(name.split('/').pop()!, tag);
    await this.pushBlob(name, config);
    await this.pushBlob(name, archive);
    const manifest = chartManifest(
      await descriptorOf(HELM_CONFIG, config),
      [await descriptorOf(HELM_CHART, archive)],
      { mediaType: true },
    );
    const headers = { 'content-type': OCI_MANIFEST };
    const put = await this.send('PUT', `/v2/${name}/manifests/${tag}`, { body: manifest, headers });
    await expectStatus(put, 201, 'put manifest');
  }

  /**
   * Answers a `401` challenge the way Helm, oras and containerd do without credentials: GET the
   * realm for an anonymous token. Returns the client that carries it.
   */
  async answerChallenge(res: Response): Promise<OciClient> {
    if (!res.bodyUsed) await res.arrayBuffer();
    const token = await this.#fetch(new Request(tokenUrl(res.headers.get('www-authenticate'))));
    if (token.status !== 200) throw new Error(`token: ${token.status} ${await token.text()}`);
    const { token: jwt } = (await token.json()) as { token: string };
    return this.as({ ...this.headers, authorization: `Bearer ${jwt}` });
  }

  /** This client once it may pull `name`: after the registry's challenge, with its token. */
  async forPull(name: string): Promise<OciClient> {
    const res = await this.send('GET', `/v2/${name}/tags/list`);
    if (res.status !== 401) {
      await res.arrayBuffer();
      return this;
    }
    return this.answerChallenge(res);
  }

  /**
   * Pulls like Helm: manifest by tag, then config and chart layer by digest. Without credentials
   * it follows the token flow on the first challenge and keeps the token for the blobs.
   */
  async pullChart(name: string, tag: string): Promise<void> {
    const manifestOf = (client: OciClient) =>
      client.send('GET', `/v2/${name}/manifests/${tag}`, { headers: { accept: OCI_MANIFEST } });
    let res = await manifestOf(this);
    const client =
      res.status === 401 && !this.headers.authorization ? await this.answerChallenge(res) : this;
    if (client !== this) res = await manifestOf(client);
    if (res.status !== 200) throw new Error(`pull manifest: ${res.status}`);
    const manifest = (await res.json()) as { config: Descriptor; layers: Descriptor[] };
    for (const d of [manifest.config, ...manifest.layers]) {
      const blob = await client.send('GET', `/v2/${name}/blobs/${d.digest}`);
      if (blob.status !== 200) throw new Error(`pull blob: ${blob.status}`);
      if ((await blob.arrayBuffer()).byteLength !== d.size) throw new Error('short blob');
    }
  }
}
