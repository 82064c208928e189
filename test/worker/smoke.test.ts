import { describe, expect, it } from 'vitest';
import { request, uniqueName, pushImage } from '../helpers/oci';

describe('smoke', () => {
  it('pings and pushes', async () => {
    const res = await request('GET', '/v2/');
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
    const name = uniqueName();
    const { manifest } = await pushImage(name, 'v1');
    const got = await request('GET', `/v2/${name}/manifests/v1`);
    expect(await got.text()).toBe(manifest);
  });
});
