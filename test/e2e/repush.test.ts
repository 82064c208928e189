// Pushing into a PUBLIC repository whose blobs are already there (issue 13, item 9): a version
// pushed, deleted with the admin API and pushed again; a chart first uploaded over HTTP
// (`curl -T`) then pushed byte for byte. Helm cannot resend a manifest body, so the registry must
// challenge before it (on the blob HEADs of a push without credentials), with every client that
// pushes: `helm push` (3.8+) and `helm chart push` (3.6.2).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clientWorkspace,
  createRepository,
  deleteVersion,
  host,
  login,
  putOverHttp,
  registry,
} from './fixtures';
import { HELM_CLIENTS, type HelmClient } from './helm-clients';

describe.each(HELM_CLIENTS)(
  'Helm $version re-pushes into a public repository',
  (client: HelmClient) => {
    const w = clientWorkspace(client);
    const chart = `repush-${client.id}`;
    let repo: { id: number; path: string };

    /** Pushes `version` of the chart (3.6.2: the one `save` made). */
    async function push(version: string, tgz?: string): Promise<void> {
      if (client.chartCommands) {
        const ref = `${host}/${repo.path}/${chart}:${version}`;
        await w.helm('chart', 'push', ref);
      } else {
        await w.helm('push', tgz!, `oci://${host}/${repo.path}`, ...w.plain);
      }
    }

    /** 3.6.2: `helm chart save` at `version`; returns the chart layer it made (the .tgz). */
    async function save(version: string): Promise<string> {
      const chartYaml = w.at('src', chart, 'Chart.yaml');
      writeFileSync(
        chartYaml,
        readFileSync(chartYaml, 'utf8').replace(/^version: .*$/m, `version: ${version}`),
      );
      const saved = await w.helm(
        'chart',
        'save',
        w.at('src', chart),
        `${host}/${repo.path}/${chart}:${version}`,
      );
      // The digest it prints is the manifest's; the chart layer is the .tgz it pushes.
      const manifest = /^digest:\s+([0-9a-f]{64})$/m.exec(saved)?.[1];
      const blobs = join(w.env.HELM_CACHE_HOME, 'registry', 'cache', 'blobs', 'sha256');
      const { layers } = JSON.parse(readFileSync(join(blobs, manifest!), 'utf8')) as {
        layers: { digest: string }[];
      };
      return join(blobs, layers[0]!.digest.replace('sha256:', ''));
    }

    async function chartFile(version: string): Promise<string> {
      if (client.chartCommands) return save(version);
      return w.packageChart(chart, version);
    }

    async function servedTgz(version: string): Promise<Buffer> {
      const res = await fetch(
        `${registry}/repositories/${repo.path}/charts/${chart}/${chart}-${version}.tgz`,
      );
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    }

    beforeAll(async () => {
      repo = await createRepository(`repush-${client.id}`, 'public');
      await w.helm('create', w.at('src', chart));
      await login(w);
    });

    it('pushes a version, deletes it with the admin API, and pushes it again', async () => {
      const tgz = await chartFile('0.1.0');
      await push('0.1.0', tgz);
      await deleteVersion(repo.id, chart, '0.1.0');
      await push('0.1.0', tgz);
      expect(await servedTgz('0.1.0')).toEqual(readFileSync(tgz));
    });

    it('pushes a chart first uploaded over HTTP with a plain PUT', async () => {
      const tgz = await chartFile('0.2.0');
      const named = w.at(`${chart}-0.2.0.tgz`);
      writeFileSync(named, readFileSync(tgz));
      await putOverHttp(repo.path, named);
      await push('0.2.0', named);
      expect(await servedTgz('0.2.0')).toEqual(readFileSync(tgz));
    });
  },
);
