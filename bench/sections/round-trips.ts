// Section 5 (`trips`): D1 and R2 round trips per hot path, as the Worker counts them (COUNT_STORAGE_CALLS).
import { RECENT_TTL_MS } from '../../src/recent/recent-reads';
import { OciClient, sha256, tokenUrl, type Fetcher } from '../../test/helpers/oci-client';
import { chartArchive } from '../lib/charts';
import type { BenchContext } from '../lib/context';
import { ADMIN_TOKEN, startRegistry } from '../lib/registry';
import { table } from '../lib/stats';

type Counts = { d1: number; r2: number };

async function count(url: string | URL, init?: RequestInit) {
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return {
    status: res.status,
    d1: res.headers.get('x-storage-d1') ?? '',
    r2: res.headers.get('x-storage-r2') ?? '',
  };
}

/** A fetch that adds each response's counts to `total`, and `counted`, which also reads the body. */
function summing() {
  const total: Counts = { d1: 0, r2: 0 };
  const fetcher: Fetcher = async (request) => {
    const res = await fetch(request);
    total.d1 += Number(res.headers.get('x-storage-d1'));
    total.r2 += Number(res.headers.get('x-storage-r2'));
    return res;
  };
  const counted = async (url: string | URL, init?: RequestInit) => {
    const res = await fetcher(new Request(url, init));
    return { res, body: await res.arrayBuffer() };
  };
  return { total, fetcher, counted };
}

export async function roundTrips({ build }: BenchContext): Promise<string> {
  const registry = await startRegistry(build, { bindings: { COUNT_STORAGE_CALLS: 'true' } });
  const base = registry.url;
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const admin = new OciClient(base, auth);
  try {
    const archive = await chartArchive('trips', '1.0.0', 4000);
    await admin.pushChart('default/charts/trips', '1.0.0', archive);
    // An anonymous client, as `helm pull` of a public chart: challenged once, then its token.
    const pull = (await new OciClient(base).forPull('default/charts/trips')).headers;
    const manifest = (await (
      await fetch(`${base}/v2/default/charts/trips/manifests/1.0.0`, { headers: pull })
    ).json()) as { layers: { digest: string }[] };
    const digest = (
      await fetch(`${base}/v2/default/charts/trips/manifests/1.0.0`, {
        method: 'HEAD',
        headers: pull,
      })
    ).headers.get('docker-content-digest');
    const layer = manifest.layers[0]!.digest;
    const rows: string[][] = [];
    const add = async (label: string, url: string | URL, init: RequestInit = {}) => {
      // /v2 rows without credentials read as the anonymous client does, with its token.
      const anonymousOci = String(url).startsWith(`${base}/v2/`) && !init.headers;
      const r = await count(url, anonymousOci ? { ...init, headers: pull } : init);
      rows.push([label, String(r.status), r.d1, r.r2]);
    };
    await add('manifest by tag', `${base}/v2/default/charts/trips/manifests/1.0.0`);
    await add(
      'blob GET right after its manifest (4 KiB layer: its bytes came with that lookup)',
      `${base}/v2/default/charts/trips/blobs/${layer}`,
    );
    await add(
      'manifest by digest right after its tag was read (as helm pull: HEAD, then GET)',
      `${base}/v2/default/charts/trips/manifests/${digest}`,
    );
    // Blobs asked for without their manifest first (a client that kept the manifest), then again.
    for (const [version, size, first, again] of [
      ['1.0.1', 4000, '4 KiB, inline in D1', 'edge cache'],
      ['0.9.0', 1024 * 1024, '1 MiB, in R2', 'edge cache, 1 MiB'],
    ] as const) {
      const chart = await chartArchive('trips', version, size);
      await admin.pushChart('default/charts/trips', version, chart);
      const url = `${base}/v2/default/charts/trips/blobs/${await sha256(chart)}`;
      await add(`blob GET alone (first; ${first})`, url);
      await add(`blob GET alone, again (${again})`, url);
    }
    const bigger = await chartArchive('trips', '0.9.1', 1024 * 1024);
    await admin.pushChart('default/charts/trips', '0.9.1', bigger);
    const biggerDigest = await sha256(bigger);
    await count(`${base}/v2/default/charts/trips/manifests/0.9.1`, { headers: pull });
    await add(
      'blob GET right after its manifest (1 MiB layer, in R2)',
      `${base}/v2/default/charts/trips/blobs/${biggerDigest}`,
    );
    await add('blob HEAD', `${base}/v2/default/charts/trips/blobs/${layer}`, { method: 'HEAD' });
    await add(
      'blob HEAD, absent (helm push checks first)',
      `${base}/v2/default/charts/trips/blobs/sha256:${'0'.repeat(64)}`,
      { method: 'HEAD', headers: auth },
    );
    const next = await chartArchive('trips', '1.1.0', 4000);
    await add(
      'chart push over HTTP (PUT .tgz)',
      `${base}/repositories/default/charts/trips-1.1.0.tgz`,
      { method: 'PUT', body: next, headers: auth },
    );
    await add('index.yaml (cold)', `${base}/repositories/default/charts/index.yaml`);
    await add('index.yaml (warm)', `${base}/repositories/default/charts/index.yaml`);
    const etag =
      (await fetch(`${base}/repositories/default/charts/index.yaml`)).headers.get('etag') ?? '';
    await add('index.yaml If-None-Match (304)', `${base}/repositories/default/charts/index.yaml`, {
      headers: { 'if-none-match': etag },
    });
    await add(
      'chart download (.tgz)',
      `${base}/repositories/default/charts/charts/trips/trips-1.0.0.tgz`,
    );
    // OCI blob push, request by request (Helm: POST, then PUT ?digest= with the body).
    for (const [label, bytes] of [
      ['4 KiB', await chartArchive('trips', '2.0.0', 4000)],
      ['1 MiB', await chartArchive('trips', '2.1.0', 1024 * 1024)],
    ] as const) {
      const uploads = `${base}/v2/default/charts/trips/blobs/uploads/`;
      const start = await fetch(uploads, { method: 'POST', headers: auth });
      await start.arrayBuffer();
      if (label === '4 KiB') {
        const r = {
          d1: start.headers.get('x-storage-d1') ?? '',
          r2: start.headers.get('x-storage-r2') ?? '',
        };
        rows.push(['OCI push: POST upload (again within 10 s)', String(start.status), r.d1, r.r2]);
      }
      const location = new URL(start.headers.get('location') ?? '', base);
      location.searchParams.set('digest', await sha256(bytes));
      await add(`OCI push: PUT blob (${label})`, location, {
        method: 'PUT',
        body: bytes,
        headers: auth,
      });
    }
    // Cached content is asked for first only while the isolate knows the repository is public
    // (so one made private stops being served within 10 s); past that, one D1 read comes first.
    const older = `${base}/v2/default/charts/trips/manifests/0.9.0`;
    const olderDigest = (await fetch(older, { method: 'HEAD', headers: pull })).headers.get(
      'docker-content-digest',
    );
    await new Promise((resolve) => setTimeout(resolve, RECENT_TTL_MS + 500));
    await add(
      'blob GET (cached, 1 MiB; repository not read by this isolate for 10 s)',
      `${base}/v2/default/charts/trips/blobs/${biggerDigest}`,
    );
    await add(
      'manifest by digest alone (first; not read by this isolate for 10 s)',
      `${base}/v2/default/charts/trips/manifests/${olderDigest}`,
    );
    // That lookup kept the manifest in memory; forgotten (any PATCH clears it, as 10 s would),
    // with the repository known public again from another tag, the edge cache answers.
    await count(`${base}/v2/default/charts/trips/blobs/uploads/forget`, { method: 'PATCH' });
    await count(`${base}/v2/default/charts/trips/manifests/1.0.0`, {
      method: 'HEAD',
      headers: pull,
    });
    await add(
      'manifest by digest again, once forgotten (edge cache; another tag read first)',
      `${base}/v2/default/charts/trips/manifests/${olderDigest}`,
    );
    // A client with an access token (as a CI job pulling a private chart): its first request
    // reads the token and records its use; the isolate keeps the token for 10 s.
    const tokenCreated = await fetch(`${base}/api/tokens`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'trips',
        scopes: [{ repository: 'default/charts', actions: ['read'] }],
      }),
      headers: { ...auth, 'content-type': 'application/json' },
    });
    if (tokenCreated.status !== 201) throw new Error(`create token: ${tokenCreated.status}`);
    const { secret } = (await tokenCreated.json()) as { secret: string };
    const reader = { authorization: `Bearer ${secret}` };
    const tagged = `${base}/v2/default/charts/trips/manifests/1.0.0`;
    await add("manifest by tag, access token (the client's first request)", tagged, {
      headers: reader,
    });
    await add('manifest by tag, access token (its next request)', tagged, { headers: reader });
    // Whole sequences, as `helm push` and `helm pull` send them, into a repository nobody used in
    // the last 10 s (a new one: the admin API change also clears what the isolate remembers).
    const created = await fetch(`${base}/api/repositories`, {
      method: 'POST',
      body: JSON.stringify({ storage: 'default', name: 'trips-fresh' }),
      headers: { ...auth, 'content-type': 'application/json' },
    });
    if (created.status !== 201) throw new Error(`create repository: ${created.status}`);
    const chart = await chartArchive('trips', '3.0.0', 4000);
    // helm push: the client's own sequence, each response's counts summed.
    const pushed = summing();
    await new OciClient(base, auth, pushed.fetcher).pushChart(
      'default/trips-fresh/trips',
      '3.0.0',
      chart,
    );
    const sequences: [string, Counts][] = [
      ['helm push (config and chart: 2 × POST + PUT; manifest PUT)', pushed.total],
    ];
    // helm pull (oras-go): HEAD the tag, GET the manifest by the digest that answered, then blobs.
    // Anonymous, so its first request is challenged and it fetches a pull token first.
    const { total: pulled, counted } = summing();
    const fresh = `${base}/v2/default/trips-fresh/trips`;
    const challenged = await counted(`${fresh}/manifests/3.0.0`, { method: 'HEAD' });
    const issued = await counted(tokenUrl(challenged.res.headers.get('www-authenticate')));
    const { token } = JSON.parse(Buffer.from(issued.body).toString()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const head = await counted(`${fresh}/manifests/3.0.0`, { method: 'HEAD', headers });
    const resolved = head.res.headers.get('docker-content-digest');
    const { body } = await counted(`${fresh}/manifests/${resolved}`, { headers });
    const manifestOf = JSON.parse(Buffer.from(body).toString()) as {
      config: { digest: string };
      layers: { digest: string }[];
    };
    for (const d of [manifestOf.config, ...manifestOf.layers]) {
      await counted(`${fresh}/blobs/${d.digest}`, { headers });
    }
    sequences.push([
      'helm pull (challenge, token, HEAD by tag, manifest by digest, config, chart layer)',
      pulled,
    ]);
    return [
      '## Storage round trips per request (counted, not estimated)',
      '',
      'D1 = statements or batches sent to D1; R2 = R2 operations. Anonymous pulls of a public repository.',
      'A Worker isolate keeps what a request just read for 10 s (src/recent/): the blob rows a',
      'manifest GET brought, the manifest a tag resolved to, the repository an upload started in',
      '(the rows "right after"), and whether a repository is public: cached content is asked for',
      'before any D1 read only then. Bytes a lookup brought (blobs up to 16 KiB, manifests) are served',
      'from that memory without a Cache API call; the edge cache answers the rest.',
      '',
      table(['request', 'status', 'D1', 'R2'], rows),
      '',
      'Whole sequences of a 4 KiB chart, summed over their requests:',
      '',
      table(
        ['sequence', 'D1', 'R2'],
        sequences.map(([label, n]) => [label, String(n.d1), String(n.r2)]),
      ),
    ].join('\n');
  } finally {
    await registry.stop();
  }
}
