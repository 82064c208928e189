// Blob pull and push: monolithic uploads, POST+PUT, HEAD/GET, ranges, mount, delete, bad input.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { anonymousPull } from '../helpers/auth';
import { INLINE_BLOB_LIMIT } from '../../src/storage/blob-bytes';
import { expectOciError, pushBlob, randomBytes, request, sha256, uniqueName } from '../helpers/oci';

/** One size kept inline in D1 and one stored in R2 (storage/blob-bytes.ts). */
const SIZES = [
  ['inline', 1000],
  ['in R2', INLINE_BLOB_LIMIT + 1000],
] as const;

async function blobRow(digest: string) {
  return env.DB.prepare(`SELECT r2_key, content IS NOT NULL AS inline FROM blobs WHERE digest = ?1`)
    .bind(digest)
    .first<{ r2_key: string; inline: number }>();
}

async function r2Objects(): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await env.BLOBS.list({ prefix: 'blobs/', cursor });
    count += page.objects.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return count;
}

describe('monolithic push', () => {
  it('POST ?digest= stores the blob and GET returns its exact bytes', async () => {
    const name = uniqueName();
    const bytes = randomBytes(100_000);
    const digest = await sha256(bytes);
    const res = await request('POST', `/v2/${name}/blobs/uploads/?digest=${digest}`, {
      body: bytes,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v2/${name}/blobs/${digest}`);
    expect(res.headers.get('docker-content-digest')).toBe(digest);

    const got = await request('GET', `/v2/${name}/blobs/${digest}`, await anonymousPull());
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe('100000');
    expect(got.headers.get('docker-content-digest')).toBe(digest);
    expect(await sha256(new Uint8Array(await got.arrayBuffer()))).toBe(digest);
  });

  it('POST then PUT ?digest= with the body (Helm and oras)', async () => {
    const name = uniqueName();
    const bytes = randomBytes(5000);
    const digest = await sha256(bytes);
    const start = await request('POST', `/v2/${name}/blobs/uploads/`);
    expect(start.status).toBe(202);
    const location = start.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/v2/${name}/blobs/uploads/u1\\.[^/]+$`));
    expect(start.headers.get('docker-upload-uuid')).toBe(location.split('/').pop());
    expect(Number(start.headers.get('oci-chunk-min-length'))).toBeGreaterThan(0);

    const put = await request('PUT', `${location}?digest=${digest}`, {
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(put.status).toBe(201);
    expect(put.headers.get('docker-content-digest')).toBe(digest);
    const head = await request('HEAD', `/v2/${name}/blobs/${digest}`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('5000');
    expect(await head.text()).toBe('');
  });

  it('an empty blob can be pushed and pulled', async () => {
    const name = uniqueName();
    const digest = await pushBlob(name, new Uint8Array(0));
    const got = await request('GET', `/v2/${name}/blobs/${digest}`);
    expect(got.status).toBe(200);
    expect((await got.arrayBuffer()).byteLength).toBe(0);
  });

  it('keeps blobs up to INLINE_BLOB_LIMIT bytes in D1 and larger ones in R2', async () => {
    const name = uniqueName();
    const before = await r2Objects();
    const small = randomBytes(INLINE_BLOB_LIMIT);
    const big = randomBytes(INLINE_BLOB_LIMIT + 1);
    const smallDigest = await pushBlob(name, small);
    expect(await r2Objects()).toBe(before);
    expect(await blobRow(smallDigest)).toEqual({ r2_key: '', inline: 1 });
    const bigDigest = await pushBlob(name, big);
    expect(await r2Objects()).toBe(before + 1);
    expect(await blobRow(bigDigest)).toMatchObject({ inline: 0 });
    for (const [digest, bytes] of [
      [smallDigest, small],
      [bigDigest, big],
    ] as const) {
      const got = await request('GET', `/v2/${name}/blobs/${digest}`);
      expect(got.headers.get('content-length')).toBe(String(bytes.byteLength));
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes);
      const head = await request('HEAD', `/v2/${name}/blobs/${digest}`);
      expect(head.headers.get('content-length')).toBe(String(bytes.byteLength));
    }
  });

  it.each(SIZES)(
    'a digest mismatch answers DIGEST_INVALID and stores nothing (%s)',
    async (_, size) => {
      const name = uniqueName();
      const before = await r2Objects();
      const wrong = await sha256('something else');
      const res = await request('POST', `/v2/${name}/blobs/uploads/?digest=${wrong}`, {
        body: randomBytes(size),
      });
      await expectOciError(res, 400, 'DIGEST_INVALID');
      expect(await r2Objects()).toBe(before);
      await expectOciError(await request('GET', `/v2/${name}/blobs/${wrong}`), 404, 'NAME_UNKNOWN');

      // Same through POST + PUT: the session is gone afterwards.
      const start = await request('POST', `/v2/${name}/blobs/uploads/`);
      const location = start.headers.get('location')!;
      await expectOciError(
        await request('PUT', `${location}?digest=${wrong}`, { body: randomBytes(size) }),
        400,
        'DIGEST_INVALID',
      );
      await expectOciError(await request('GET', location), 404, 'BLOB_UPLOAD_UNKNOWN');
      expect(await r2Objects()).toBe(before);
      expect(await blobRow(wrong)).toBeNull();
    },
  );

  it('sha512 digests are verified too', async () => {
    const name = uniqueName();
    const bytes = new TextEncoder().encode('sha512 content');
    const hash = await crypto.subtle.digest('SHA-512', bytes);
    const digest = `sha512:${[...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    const res = await request('POST', `/v2/${name}/blobs/uploads/?digest=${digest}`, {
      body: bytes,
    });
    expect(res.status).toBe(201);
    const got = await request('GET', `/v2/${name}/blobs/${digest}`);
    expect(await got.text()).toBe('sha512 content');
  });

  it.each(SIZES)('the same content pushed to two names is stored once (%s)', async (kind, size) => {
    const bytes = randomBytes(size);
    const before = await r2Objects();
    const a = await pushBlob(uniqueName(), bytes);
    const b = await pushBlob(uniqueName(), bytes);
    expect(a).toBe(b);
    expect(await r2Objects()).toBe(before + (kind === 'in R2' ? 1 : 0));
    const rows = await env.DB.prepare(`SELECT count(*) AS n FROM blobs WHERE digest = ?1`)
      .bind(a)
      .first<{ n: number }>();
    expect(rows!.n).toBe(1);
  });
});

describe('pull', () => {
  it.each(SIZES)(
    'serves single ranges with 206 and answers 416 when unsatisfiable (%s)',
    async (_, n) => {
      const name = uniqueName();
      const bytes = randomBytes(n);
      const digest = await pushBlob(name, bytes);
      const url = `/v2/${name}/blobs/${digest}`;

      const mid = await request('GET', url, { headers: { range: 'bytes=100-199' } });
      expect(mid.status).toBe(206);
      expect(mid.headers.get('content-range')).toBe(`bytes 100-199/${n}`);
      expect(mid.headers.get('content-length')).toBe('100');
      expect(new Uint8Array(await mid.arrayBuffer())).toEqual(bytes.slice(100, 200));

      const open = await request('GET', url, { headers: { range: `bytes=${n - 10}-` } });
      expect(open.status).toBe(206);
      expect(new Uint8Array(await open.arrayBuffer())).toEqual(bytes.slice(n - 10));

      const suffix = await request('GET', url, { headers: { range: 'bytes=-10' } });
      expect(suffix.status).toBe(206);
      expect(suffix.headers.get('content-range')).toBe(`bytes ${n - 10}-${n - 1}/${n}`);

      const beyond = await request('GET', url, { headers: { range: `bytes=${n}-${n + 10}` } });
      expect(beyond.status).toBe(416);
      expect(beyond.headers.get('content-range')).toBe(`bytes */${n}`);
      await beyond.text();

      // A malformed Range is ignored (RFC 9110), the whole blob is served.
      const ignored = await request('GET', url, { headers: { range: 'pages=1-2' } });
      expect(ignored.status).toBe(200);
      expect((await ignored.arrayBuffer()).byteLength).toBe(n);
    },
  );

  it('a blob is served only from names that link it', async () => {
    const name = uniqueName();
    const other = uniqueName();
    await pushBlob(other, 'unrelated');
    const digest = await pushBlob(name, 'private to one name');
    await expectOciError(await request('GET', `/v2/${other}/blobs/${digest}`), 404, 'BLOB_UNKNOWN');
  });

  it('answers BLOB_UNKNOWN, NAME_UNKNOWN and DIGEST_INVALID', async () => {
    const name = uniqueName();
    await pushBlob(name, 'x');
    const missing = await sha256('missing');
    await expectOciError(await request('GET', `/v2/${name}/blobs/${missing}`), 404, 'BLOB_UNKNOWN');
    await expectOciError(
      await request('GET', `/v2/default/charts/nobody-here/blobs/${missing}`),
      404,
      'NAME_UNKNOWN',
    );
    for (const bad of [
      'sha256:xyz',
      'sha256:' + 'A'.repeat(64),
      'md5:abcd',
      'nocolon',
      'sha256:',
    ]) {
      await expectOciError(await request('GET', `/v2/${name}/blobs/${bad}`), 400, 'DIGEST_INVALID');
    }
  });
});

describe('names and repositories', () => {
  it('pushing into a repository that does not exist answers NAME_UNKNOWN and creates nothing', async () => {
    await expectOciError(
      await request('POST', '/v2/default/missing-repo/app/blobs/uploads/'),
      404,
      'NAME_UNKNOWN',
    );
    await expectOciError(
      await request('POST', '/v2/nostorage/charts/app/blobs/uploads/'),
      404,
      'NAME_UNKNOWN',
    );
    const repos = await env.DB.prepare(`SELECT count(*) AS n FROM repositories`).first<{
      n: number;
    }>();
    expect(repos!.n).toBe(1);
  });

  it('malformed names answer NAME_INVALID', async () => {
    for (const path of [
      '/v2/default/charts/Upper/blobs/uploads/',
      '/v2/default/charts/a..b/blobs/uploads/',
      '/v2/default/charts/-lead/blobs/uploads/',
      '/v2/default/charts/blobs/uploads/',
    ]) {
      await expectOciError(await request('POST', path), 400, 'NAME_INVALID');
    }
  });
});

describe('cross-repository mount', () => {
  it('links a blob from another name without uploading it', async () => {
    const source = uniqueName();
    const target = uniqueName();
    const digest = await pushBlob(source, 'mount me');
    const res = await request(
      'POST',
      `/v2/${target}/blobs/uploads/?mount=${digest}&from=${source}`,
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v2/${target}/blobs/${digest}`);
    const got = await request('GET', `/v2/${target}/blobs/${digest}`);
    expect(await got.text()).toBe('mount me');
  });

  it('falls back to an upload session when the source does not have the blob', async () => {
    const target = uniqueName();
    const digest = await sha256('not anywhere');
    const res = await request(
      'POST',
      `/v2/${target}/blobs/uploads/?mount=${digest}&from=default/charts/elsewhere`,
    );
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toMatch(/\/blobs\/uploads\/u1\.[^/]+$/);
  });

  it('rejects a malformed mount digest', async () => {
    const res = await request('POST', `/v2/${uniqueName()}/blobs/uploads/?mount=bad&from=a/b/c`);
    await expectOciError(res, 400, 'DIGEST_INVALID');
  });
});

describe('delete', () => {
  it('DELETE unlinks the blob from the name', async () => {
    const name = uniqueName();
    const digest = await pushBlob(name, 'delete me');
    const del = await request('DELETE', `/v2/${name}/blobs/${digest}`);
    expect(del.status).toBe(202);
    await expectOciError(await request('GET', `/v2/${name}/blobs/${digest}`), 404, 'BLOB_UNKNOWN');
    await expectOciError(
      await request('DELETE', `/v2/${name}/blobs/${digest}`),
      404,
      'BLOB_UNKNOWN',
    );
  });
});
