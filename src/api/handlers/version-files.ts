/** A version's extracted files, changelog and values diff: `/api/charts/<s>/<r>/<chart>/<version>/…`. */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { readPageFiles, schemaView, valuesDiff } from '../../catalog/catalog';
import type { ChartPage, ChartVersionDetail, FileRef } from '../../catalog/types';
import { RegistryError } from '../../errors/registry-error';
import { chartUnknown, versionParam } from '../chart-params';
import { loadPage } from '../load-page';

type Files = NonNullable<ChartVersionDetail['files']>;

/** The version's extracted files, or FILE_UNKNOWN while the backfill has not reached it. */
function filesOf(page: ChartPage): Files {
  const files = page.version.files;
  if (!files) {
    throw new RegistryError(
      'FILE_UNKNOWN',
      'the files of this chart version are not extracted yet',
    );
  }
  return files;
}

/** One file's body as JSON (FileBody), or FILE_UNKNOWN. */
async function fileResponse(
  c: Context<AppEnv>,
  pick: (files: Files) => FileRef | null | undefined,
  missing: string,
) {
  const { page, cacheControl } = await loadPage(c);
  const ref = pick(filesOf(page));
  const [body] = ref ? await readPageFiles(c.env, page, [ref]) : [];
  if (!body) throw new RegistryError('FILE_UNKNOWN', missing);
  return c.json(body, 200, { 'Cache-Control': cacheControl });
}

export const getReadme = (c: Context<AppEnv>) =>
  fileResponse(c, (f) => f.readme, 'this chart version has no README');

export const getValues = (c: Context<AppEnv>) =>
  fileResponse(c, (f) => f.values, 'this chart version has no values.yaml');

/** A file of a list by its path (the route's rest, which may hold `/`), compared as a string. */
const byPath = (list: FileRef[], path: string) => list.find((f) => f.path === path);

export const getTemplate = (c: Context<AppEnv>) =>
  fileResponse(
    c,
    (f) => byPath(f.templates, `templates/${c.req.param('path')}`),
    'this chart version has no such template',
  );

export const getCrd = (c: Context<AppEnv>) =>
  fileResponse(
    c,
    (f) => byPath(f.crds, `crds/${c.req.param('path')}`),
    'this chart version has no such CRD file',
  );

/** `{files: FileRef[], omitted}`: the templates (or CRD files) listed, without bodies. */
async function listResponse(c: Context<AppEnv>, pick: (files: Files) => FileRef[]) {
  const { page, cacheControl } = await loadPage(c);
  const files = filesOf(page);
  return c.json({ files: pick(files), omitted: files.omitted }, 200, {
    'Cache-Control': cacheControl,
  });
}

export const getTemplates = (c: Context<AppEnv>) => listResponse(c, (f) => f.templates);
export const getCrds = (c: Context<AppEnv>) => listResponse(c, (f) => f.crds);

/** SchemaView: the file, the parsed schema or null, and why not. */
export async function getSchema(c: Context<AppEnv>) {
  const { page, cacheControl } = await loadPage(c);
  filesOf(page);
  const view = await schemaView(c.env, page);
  if (!view)
    throw new RegistryError('FILE_UNKNOWN', 'this chart version has no values.schema.json');
  return c.json(view, 200, { 'Cache-Control': cacheControl });
}

/** The version's `artifacthub.io/changes`. */
export async function getChangelog(c: Context<AppEnv>) {
  const { page, cacheControl } = await loadPage(c);
  const { version, changes, containsSecurityUpdates } = page.version;
  return c.json({ version, changes, containsSecurityUpdates }, 200, {
    'Cache-Control': cacheControl,
  });
}

/** ValuesDiff from `:other` to `:version`; an unknown other version is an unknown chart. */
export async function getValuesDiff(c: Context<AppEnv>) {
  const other = versionParam(c.req.param('other'));
  const { page, cacheControl } = await loadPage(c);
  const diff = await valuesDiff(c.env, c.var.principal, page, other);
  if (!diff) throw chartUnknown();
  return c.json(diff, 200, { 'Cache-Control': cacheControl });
}
