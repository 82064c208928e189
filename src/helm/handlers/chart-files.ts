/** Chart files of the HTTP repository: `GET|HEAD charts/<chart>/<chart>-<version>.tgz[.prov]`, and `PUT`s. */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { ApiError } from '../../errors/api-error';
import { readChartFile } from '../../content/read-chart-file';
import { attachProvenance, publishChart } from '../publish-chart';
import { MAX_PROVENANCE_SIZE } from '../provenance';
import { MAX_CHART_ARCHIVE_SIZE, readBodyCapped, requireLength } from './upload-body';

export async function downloadChartFile(c: Context<AppEnv>): Promise<Response> {
  const chart = c.req.param('chart')!;
  const file = c.req.param('file')!;
  const kind = file.endsWith('.tgz.prov') ? 'prov' : file.endsWith('.tgz') ? 'archive' : null;
  const prefix = `${chart}-`;
  if (!kind || !file.startsWith(prefix))
    throw new ApiError(404, `no such chart file ${chart}/${file}`);
  const version = file.slice(
    prefix.length,
    file.length - (kind === 'prov' ? '.tgz.prov' : '.tgz').length,
  );
  const read = await readChartFile(c.env, c.var.repository, { chart, version, kind }, c.req.method);
  return new Response(read.body, {
    headers: {
      'Content-Type': kind === 'prov' ? 'application/pgp-signature' : 'application/gzip',
      'Content-Length': String(read.file.size),
      ETag: `"${read.file.digest}"`,
    },
  });
}

export async function putChartFile(c: Context<AppEnv>): Promise<Response> {
  const repo = c.var.repository;
  const file = c.req.param('file')!;
  if (file.endsWith('.prov')) {
    if (!file.endsWith('.tgz.prov') || file === '.tgz.prov') {
      throw new ApiError(
        400,
        `upload a provenance file as <chart>-<version>.tgz.prov, beside its chart archive, not "${file}"`,
      );
    }
    const prov = await readBodyCapped(c.req.raw, MAX_PROVENANCE_SIZE, 'provenance file');
    const archiveName = file.slice(0, -'.prov'.length);
    await attachProvenance(c.env, repo, prov, archiveName);
    return c.json({ saved: true }, 201);
  }
  if (!file.endsWith('.tgz')) {
    throw new ApiError(
      400,
      `upload a chart archive (<chart>-<version>.tgz) or provenance file (.tgz.prov), not "${file}"`,
    );
  }
  const length = requireLength(c.req.raw, MAX_CHART_ARCHIVE_SIZE);
  await publishChart(c.env, repo, { archive: c.req.raw.body!, length, prov: null, fileName: file });
  return c.json({ saved: true }, 201);
}
