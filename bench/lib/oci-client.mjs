// A minimal OCI client for benchmarks: push and pull chart-shaped artifacts the way Helm does
// (POST then PUT ?digest= per blob, then the manifest), and chunked uploads.
import { createHash } from 'node:crypto';

export const sha256 = (data) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function check(res, expected, what) {
  if (res.status !== expected) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  return res;
}

function absolute(base, location) {
  return new URL(location, base).toString();
}

export async function pushBlob(base, name, data, headers) {
  const digest = sha256(data);
  const start = await check(
    await fetch(`${base}/v2/${name}/blobs/uploads/`, { method: 'POST', headers }),
    202,
    'start upload',
  );
  const location = absolute(base, start.headers.get('location'));
  const url = `${location}${location.includes('?') ? '&' : '?'}digest=${digest}`;
  await check(
    await fetch(url, {
      method: 'PUT',
      body: data,
      headers: { ...headers, 'content-type': 'application/octet-stream' },
    }),
    201,
    'finish upload',
  );
  return digest;
}

/** A chart-shaped artifact: Helm config blob + chart layer + manifest under tag `tag`. */
export async function pushChart(base, name, tag, layer, headers = {}) {
  const config = Buffer.from(
    JSON.stringify({ name: name.split('/').pop(), version: tag, apiVersion: 'v2' }),
  );
  const configDigest = await pushBlob(base, name, config, headers);
  const layerDigest = await pushBlob(base, name, layer, headers);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.cncf.helm.config.v1+json',
      digest: configDigest,
      size: config.length,
    },
    layers: [
      {
        mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
        digest: layerDigest,
        size: layer.length,
      },
    ],
  });
  await check(
    await fetch(`${base}/v2/${name}/manifests/${tag}`, {
      method: 'PUT',
      body: manifest,
      headers: { ...headers, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    }),
    201,
    'put manifest',
  );
}

/** The token URL a `WWW-Authenticate: Bearer realm=…,service=…,scope=…` challenge names. */
export function tokenUrl(challenge) {
  if (!/^Bearer /i.test(challenge ?? '')) throw new Error(`no Bearer challenge: ${challenge}`);
  const params = Object.fromEntries(
    [...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
  );
  const url = new URL(params.realm);
  if (params.service) url.searchParams.set('service', params.service);
  if (params.scope) url.searchParams.set('scope', params.scope);
  return url.toString();
}

/**
 * Answers a `401` challenge the way Helm, oras and containerd do without credentials: GET the
 * realm for an anonymous token. Returns the Authorization header to retry with.
 */
export async function answerChallenge(res) {
  if (!res.bodyUsed) await res.arrayBuffer();
  const token = await fetch(tokenUrl(res.headers.get('www-authenticate')));
  if (token.status !== 200) throw new Error(`token: ${token.status} ${await token.text()}`);
  return { authorization: `Bearer ${(await token.json()).token}` };
}

/** The headers of an anonymous client that may pull `name`, after the registry's challenge. */
export async function anonymousPull(base, name) {
  const res = await fetch(`${base}/v2/${name}/tags/list`);
  if (res.status !== 401) {
    await res.arrayBuffer();
    return {};
  }
  return answerChallenge(res);
}

/**
 * Pulls like Helm: manifest by tag, then config and chart layer by digest. Without credentials
 * it follows the token flow on the first challenge and keeps the token for the blobs.
 */
export async function pullChart(base, name, tag, headers = {}) {
  const url = `${base}/v2/${name}/manifests/${tag}`;
  const accept = { accept: 'application/vnd.oci.image.manifest.v1+json' };
  let auth = headers;
  let res = await fetch(url, { headers: { ...auth, ...accept } });
  if (res.status === 401 && !headers.authorization) {
    auth = { ...headers, ...(await answerChallenge(res)) };
    res = await fetch(url, { headers: { ...auth, ...accept } });
  }
  if (res.status !== 200) throw new Error(`pull manifest: ${res.status}`);
  const manifest = await res.json();
  for (const d of [manifest.config, ...manifest.layers]) {
    const blob = await fetch(`${base}/v2/${name}/blobs/${d.digest}`, { headers: auth });
    if (blob.status !== 200) throw new Error(`pull blob: ${blob.status}`);
    const body = await blob.arrayBuffer();
    if (body.byteLength !== d.size) throw new Error('short blob');
  }
}

/** Runs `task(i)` for i in [0, count) with `concurrency` workers; returns per-task ms and wall ms. */
export async function runConcurrently(count, concurrency, task) {
  const latencies = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await task(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - start };
}
