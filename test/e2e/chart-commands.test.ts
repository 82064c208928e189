// Helm before 3.7 (3.6.2 here): the experimental OCI flow of the reference documents,
// `HELM_EXPERIMENTAL_OCI=1 helm chart save/push/pull/export`, with no `oci://` and the older
// chart layer media type; what it pushes is a chart version like any other.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientWorkspace, host, login, registry } from './fixtures';
import { HELM_CLIENTS } from './helm-clients';

describe.each(HELM_CLIENTS.filter((c) => c.chartCommands))(
  'Helm $version chart commands',
  (client) => {
    const w = clientWorkspace(client);
    const chart = `chart-${client.id}`;
    const ref = `${host}/default/charts/${chart}:0.1.0`;

    beforeAll(async () => {
      await login(w);
      await w.helm('create', w.at('src', chart));
    });

    it('saves and pushes a chart, pulls and exports it again', async () => {
      await w.helm('chart', 'save', w.at('src', chart), ref);
      await w.helm('chart', 'push', ref);
      await w.helm('chart', 'remove', ref);
      await w.helm('chart', 'pull', ref);
      await w.helm('chart', 'export', ref, '--destination', w.at('exported'));
      expect(readFileSync(w.at('exported', chart, 'Chart.yaml'), 'utf8')).toMatch(
        new RegExp(`name: ${chart}`),
      );
    });

    it('a pushed chart is in the classic repository', async () => {
      const index = await (
        await fetch(`${registry}/repositories/default/charts/index.yaml`)
      ).text();
      expect(index).toMatch(new RegExp(`charts/${chart}/${chart}-0\\.1\\.0\\.tgz`));
    });
  },
);
