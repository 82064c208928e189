/** `…/<version>/templates` and `/crds`: the files list; `…/templates/<path>`, `/crds/<path>`: one file. */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { readPageFiles } from '../../catalog/catalog';
import type { ChartPage, FileBody, FileRef } from '../../catalog/types';
import { loadChartPage, renderChartPage } from '../chart-context';
import { notFound } from '../error-page';
import { filePath } from '../page-params';
import { FileView, NotExtracted } from '../parts/file-view';
import { formatSize } from '../parts/format';
import { chartFileUrl, chartTabUrl } from '../urls';

type Kind = 'templates' | 'crds';

const TITLES = { templates: 'Templates', crds: 'Custom resource definitions' } as const;

function filesOf(page: ChartPage, kind: Kind): FileRef[] {
  const files = page.version.files;
  return files ? files[kind] : [];
}

export function FileListView({ page, kind }: { page: ChartPage; kind: Kind }) {
  const v = page.version;
  const files = v.files;
  const list = filesOf(page, kind);
  return (
    <section aria-labelledby="files-heading">
      <h2 id="files-heading">{TITLES[kind]}</h2>
      {!files || files.unreadable ? (
        <NotExtracted unreadable={files?.unreadable} />
      ) : list.length === 0 ? (
        <p class="muted">
          {kind === 'crds' ? 'This chart has no CRDs.' : 'This chart has no templates.'}
        </p>
      ) : (
        <ul class="files">
          {list.map((f) => (
            <li>
              <a href={chartFileUrl(v, v.name, v.version, kind, f.path)}>{f.path}</a>{' '}
              <span class="muted">{formatSize(f.size)}</span>
              {f.truncated && (
                <>
                  {' '}
                  <span class="mark mark-truncated">truncated</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {files && files.omitted > 0 && (
        <p class="notice" role="note">
          {files.omitted} more file{files.omitted === 1 ? ' was' : 's were'} past the extraction's
          file limit and are not shown.
        </p>
      )}
    </section>
  );
}

export function FileBodyView({
  page,
  kind,
  file,
}: {
  page: ChartPage;
  kind: Kind;
  file: FileBody;
}) {
  const v = page.version;
  return (
    <section aria-labelledby="file-heading">
      <p>
        <a href={chartTabUrl(v, v.name, v.version, kind)}>← {TITLES[kind]}</a>
      </p>
      <h2 id="file-heading">
        <code>{file.path}</code>
      </h2>
      <FileView file={file} label={`Contents of ${file.path}`} />
    </section>
  );
}

export function chartFileListPage(kind: Kind) {
  return async function chartFileListPage(c: Context<AppEnv>): Promise<Response> {
    const page = await loadChartPage(c, true);
    return renderChartPage(c, page, kind, TITLES[kind], <FileListView page={page} kind={kind} />);
  };
}

export function chartFilePage(kind: Kind) {
  return async function chartFilePage(c: Context<AppEnv>): Promise<Response> {
    const path = filePath(c);
    const page = await loadChartPage(c, true);
    const ref = filesOf(page, kind).find((f) => f.path === path);
    if (!ref) notFound();
    const [file] = await readPageFiles(c.env, page, [ref]);
    if (!file) notFound();
    return renderChartPage(
      c,
      page,
      kind,
      path,
      <FileBodyView page={page} kind={kind} file={file} />,
    );
  };
}
