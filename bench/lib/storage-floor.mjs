// The floor under section 1: a bare Worker that answers Helm's push and pull sequence with the
// same D1, R2 and Cache API calls this registry makes per request (see the round-trips section),
// and nothing else: no auth, no validation, no digest check, no chart reading. It runs in the
// same Miniflare configuration as the registry, so the gap between the two rows is this
// registry's own work; what is left under this row is the local simulators' cost.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry } from './registry.mjs';

const SCRIPT = `
const INLINE = 16 * 1024;
// The registry's recent reads (src/recent): repositories uploads started in, and the blob rows a
// manifest GET brought, kept 10 s.
const recentRepositories = new Map();
const recentBlobs = new Map();
const TTL = 10000;
const json = (body, status, headers = {}) => new Response(body, { status, headers });

async function putBlob(env, request, digest) {
  const length = Number(request.headers.get('content-length'));
  if (length <= INLINE) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    await env.DB.batch([env.DB.prepare(
      'INSERT OR IGNORE INTO floor_blobs (digest, content, r2_key) VALUES (?1, unhex(?2), NULL)',
    ).bind(digest, bytes.toHex())]);
    return;
  }
  const key = 'floor/' + crypto.randomUUID();
  await env.BLOBS.put(key, request.body.pipeThrough(new FixedLengthStream(length)));
  await env.DB.batch([env.DB.prepare(
    'INSERT OR IGNORE INTO floor_blobs (digest, content, r2_key) VALUES (?1, NULL, ?2)',
  ).bind(digest, key)]);
}

async function putManifest(env, request, name, tag) {
  const text = await request.text();
  const manifest = JSON.parse(text);
  const digests = [manifest.config.digest, ...manifest.layers.map((l) => l.digest)];
  const { results } = await env.DB.prepare(
    'SELECT digest, r2_key FROM floor_blobs WHERE digest IN (SELECT value FROM json_each(?1))',
  ).bind(JSON.stringify(digests)).all();
  // The registry reads the chart layer back to check it; here it is only drained.
  const layer = results.find((r) => r.digest === manifest.layers[0].digest);
  if (layer?.r2_key) await (await env.BLOBS.get(layer.r2_key)).arrayBuffer();
  await env.DB.batch([env.DB.prepare(
    'INSERT OR REPLACE INTO floor_manifests (name, tag, content) VALUES (?1, ?2, ?3)',
  ).bind(name, tag, text)]);
}

async function getBlob(env, url, digest) {
  const recent = recentBlobs.get(digest);
  // An inline blob's bytes a manifest GET just brought are served without the cache.
  if (recent && recent.at > Date.now() - TTL && recent.row.content) {
    return new Response(Uint8Array.fromHex(recent.row.content));
  }
  const hit = await caches.default.match(url);
  if (hit) return hit;
  const row = recent && recent.at > Date.now() - TTL ? recent.row : await env.DB.prepare(
    'SELECT hex(content) AS content, r2_key FROM floor_blobs WHERE digest = ?1',
  ).bind(digest).first();
  const body = row.content ? Uint8Array.fromHex(row.content) : (await env.BLOBS.get(row.r2_key)).body;
  const response = new Response(body, { headers: { 'cache-control': 'public, max-age=600' } });
  await caches.default.put(url, response.clone());
  return response;
}

export class UploadSession {}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const m = /^\\/v2\\/(.+)\\/(blobs|manifests)\\/(.+)$/.exec(url.pathname);
    if (!m) return json('not found', 404);
    const [, name, kind, rest] = m;
    if (kind === 'blobs' && rest === 'uploads/' && request.method === 'POST') {
      // The registry looks the repository up, unless it did moments ago.
      if (!(recentRepositories.get(name) > Date.now() - TTL)) {
        await env.DB.prepare('SELECT 1').first();
        recentRepositories.set(name, Date.now());
      }
      return json(null, 202, { location: '/v2/' + name + '/blobs/uploads/' + crypto.randomUUID() });
    }
    if (kind === 'blobs' && request.method === 'PUT') {
      await putBlob(env, request, url.searchParams.get('digest'));
      return json(null, 201);
    }
    if (kind === 'blobs') return getBlob(env, url.toString(), rest);
    if (request.method === 'PUT') {
      await putManifest(env, request, name, rest);
      return json(null, 201);
    }
    // With the rows of the blobs it references, as the registry's lookup brings them.
    const row = await env.DB.prepare(
      \`SELECT content, (SELECT json_group_array(json_object('digest', b.digest, 'r2_key', b.r2_key,
         'content', hex(b.content))) FROM floor_blobs b WHERE b.digest IN (SELECT json_extract(value, '$.digest')
         FROM json_each(m.content, '$.layers') UNION SELECT json_extract(m.content, '$.config.digest')))
         AS refs
       FROM floor_manifests m WHERE name = ?1 AND tag = ?2\`,
    ).bind(name, rest).first();
    for (const ref of JSON.parse(row.refs)) recentBlobs.set(ref.digest, { row: ref, at: Date.now() });
    return json(row.content, 200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
  },
};`;

export async function startStorageFloor() {
  const dir = mkdtempSync(join(tmpdir(), 'registry-floor-'));
  writeFileSync(join(dir, 'index.js'), SCRIPT);
  const floor = await startRegistry(dir);
  await floor.db.batch([
    floor.db.prepare(
      'CREATE TABLE floor_blobs (digest TEXT PRIMARY KEY, content BLOB, r2_key TEXT)',
    ),
    floor.db.prepare(
      'CREATE TABLE floor_manifests (name TEXT, tag TEXT, content TEXT, PRIMARY KEY (name, tag))',
    ),
  ]);
  return {
    ...floor,
    async stop() {
      await floor.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
