// Section 5: storage round trips per hot path, counted by the Worker's own instrumentation
// (COUNT_STORAGE_CALLS: every response carries X-Storage-D1 and X-Storage-R2).
import { ADMIN_TOKEN, startRegistry } from '../lib/registry.mjs';
import { chartArchive } from '../lib/charts.mjs';
import { pushChart, sha256 } from '../lib/oci-client.mjs';
import { table } from '../lib/stats.mjs';

async function count(url, init) {
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return {
    status: res.status,
    d1: res.headers.get('x-storage-d1'),
    r2: res.headers.get('x-storage-r2'),
  };
}

export async function roundTrips({ build }) {
  const registry = await startRegistry(build, { bindings: { COUNT_STORAGE_CALLS: 'true' } });
  const base = registry.url;
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  try {
    const archive = await chartArchive('trips', '1.0.0', 4000);
    await pushChart(base, 'default/charts/trips', '1.0.0', archive, auth);
    const manifest = await (await fetch(`${base}/v2/default/charts/trips/manifests/1.0.0`)).json();
    const digest = (
      await fetch(`${base}/v2/default/charts/trips/manifests/1.0.0`, { method: 'HEAD' })
    ).headers.get('docker-content-digest');
    const layer = manifest.layers[0].digest;
    const rows = [];
    const add = async (label, url, init = {}) => {
      const r = await count(url, init);
      rows.push([label, String(r.status), r.d1, r.r2]);
    };
    await add('manifest by tag', `${base}/v2/default/charts/trips/manifests/1.0.0`);
    await add('manifest by digest (first)', `${base}/v2/default/charts/trips/manifests/${digest}`);
    await add('manifest by digest (cached)', `${base}/v2/default/charts/trips/manifests/${digest}`);
    await add(
      'blob GET (first; 4 KiB, inline in D1)',
      `${base}/v2/default/charts/trips/blobs/${layer}`,
    );
    await add('blob GET (cached)', `${base}/v2/default/charts/trips/blobs/${layer}`);
    const big = await chartArchive('trips', '0.9.0', 1024 * 1024);
    await pushChart(base, 'default/charts/trips', '0.9.0', big, auth);
    await add(
      'blob GET (first; 1 MiB, in R2)',
      `${base}/v2/default/charts/trips/blobs/${sha256(big)}`,
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
    const etag = (await fetch(`${base}/repositories/default/charts/index.yaml`)).headers.get(
      'etag',
    );
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
    ]) {
      const uploads = `${base}/v2/default/charts/trips/blobs/uploads/`;
      const start = await fetch(uploads, { method: 'POST', headers: auth });
      await start.arrayBuffer();
      if (label === '4 KiB') {
        const r = { d1: start.headers.get('x-storage-d1'), r2: start.headers.get('x-storage-r2') };
        rows.push(['OCI push: POST upload', String(start.status), r.d1, r.r2]);
      }
      const location = new URL(start.headers.get('location'), base);
      location.searchParams.set('digest', sha256(bytes));
      await add(`OCI push: PUT blob (${label})`, location, {
        method: 'PUT',
        body: bytes,
        headers: auth,
      });
    }
    return [
      '## Storage round trips per request (counted, not estimated)',
      '',
      'D1 = statements or batches sent to D1; R2 = R2 operations. Anonymous pulls of a public repository.',
      '',
      table(['request', 'status', 'D1', 'R2'], rows),
    ].join('\n');
  } finally {
    await registry.stop();
  }
}
