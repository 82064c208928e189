/** The top of a chart version's page: where it lives, icon, name, version, marks, description. */
import type { ChartPage } from '../../catalog/types';
import { repositoryUrl } from '../urls';
import { ChartIcon } from './chart-icon';
import { VersionMarks } from './format';

export function ChartHeader({ page }: { page: ChartPage }) {
  const v = page.version;
  return (
    <header class="chart-head">
      <ChartIcon url={v.icon} large />
      <div>
        <p class="muted">
          <a href={repositoryUrl(v)}>
            {v.storage}/{v.repository}
          </a>
        </p>
        <h1>
          {v.name} <span class="muted">{v.version}</span>
          <VersionMarks version={v} />
        </h1>
        {v.description && <p class="lead">{v.description}</p>}
        <p class="muted">
          {v.appVersion && <>App version {v.appVersion} · </>}
          {v.type && <>{v.type} chart · </>}
          published <time datetime={v.created}>{v.created.slice(0, 10)}</time> over{' '}
          {v.protocol === 'oci' ? 'OCI' : 'HTTP'}
        </p>
        {v.deprecated && (
          <p class="notice" role="note">
            This chart is deprecated.
          </p>
        )}
      </div>
    </header>
  );
}
