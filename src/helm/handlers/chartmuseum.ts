/** The ChartMuseum API under `/repositories/<storage>/<repository>/api/`, in ChartMuseum's shapes. */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { ApiError } from '../../errors/api-error';
import { findChartVersion, findLatestChartVersion } from '../../storage/chart-versions-db';
import { removeVersion } from '../delete-version';
import { renderIndex } from '../index-render';
import { MAX_PROVENANCE_SIZE } from '../provenance';
import { attachProvenance, publishChart } from '../publish-chart';
import { readUploadForm } from './upload-form';
import { MAX_CHART_ARCHIVE_SIZE, readBodyCapped, requireLength } from './upload-body';

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

/** `GET api/charts`: every chart with all its versions. */
export function listCharts(c: Context<AppEnv>): Response {
  const { repositoryId } = c.var.repository;
  const body = renderIndex(c.env.DB, repositoryId, { format: 'json', generated: null });
  return new Response(c.req.method === 'HEAD' ? null : body, { headers: JSON_HEADERS });
}

/** `GET api/charts/<name>`: the chart's versions, newest first. */
export async function listChartVersions(c: Context<AppEnv>): Promise<Response> {
  const { repositoryId } = c.var.repository;
  const name = c.req.param('name')!;
  if (!(await findLatestChartVersion(c.env.DB, repositoryId, name))) {
    throw new ApiError(404, 'chart not found');
  }
  if (c.req.method === 'HEAD') return new Response(null, { headers: JSON_HEADERS });
  const body = renderIndex(c.env.DB, repositoryId, {
    format: 'json',
    generated: null,
    chart: name,
  });
  return new Response(body, { headers: JSON_HEADERS });
}

/** `GET api/charts/<name>/<version>`; `latest` means the highest version. */
export async function describeChartVersion(c: Context<AppEnv>): Promise<Response> {
  const { repositoryId } = c.var.repository;
  const name = c.req.param('name')!;
  let version: string | null = c.req.param('version')!;
  if (version === 'latest') version = await findLatestChartVersion(c.env.DB, repositoryId, name);
  const found = version ? await findChartVersion(c.env.DB, repositoryId, name, version) : null;
  if (!found)
    throw new ApiError(404, `no chart version found for ${name}-${c.req.param('version')}`);
  return new Response(c.req.method === 'HEAD' ? null : found.indexJson, { headers: JSON_HEADERS });
}

/** `DELETE api/charts/<name>/<version>`: removes the version from both protocols; `{"deleted":true}`. */
export async function removeChartVersion(c: Context<AppEnv>): Promise<Response> {
  const { storage, repository, repositoryId } = c.var.repository;
  const name = c.req.param('name')!;
  const version = c.req.param('version')!;
  const origin = new URL(c.req.url).origin;
  const ref = { origin, storage, repository, repositoryId, name, version };
  if (!(await removeVersion(c.env, ref))) {
    throw new ApiError(404, `no chart version found for ${name}-${version}`);
  }
  return c.json({ deleted: true }, 200);
}

const isMultipart = (c: Context<AppEnv>) =>
  /^multipart\/form-data/i.test(c.req.header('content-type') ?? '');

/**
 * `POST api/charts`: a raw chart archive, or multipart `chart` (+ optional `prov`). Answers as
 * ChartMuseum does (chartmuseum pkg/chartmuseum/server/multitenant/handlers.go): `{"saved":true}`
 * 201, and errors as `{"error":"…"}` with 400/404/409.
 */
export async function uploadChart(c: Context<AppEnv>): Promise<Response> {
  const repo = c.var.repository;
  if (!isMultipart(c)) {
    const length = requireLength(c.req.raw, MAX_CHART_ARCHIVE_SIZE);
    await publishChart(c.env, repo, {
      archive: c.req.raw.body!,
      length,
      prov: null,
      fileName: null,
    });
    return c.json({ saved: true }, 201);
  }
  const form = await readUploadForm(c.req.raw);
  if (!form.chart) {
    if (form.prov) return uploadProvBytes(c, form.prov);
    throw new ApiError(400, 'no chart archive in the form (expected a file field named "chart")');
  }
  const archive = form.chart;
  await publishChart(c.env, repo, {
    archive: new Blob([archive]).stream(),
    length: archive.byteLength,
    prov: form.prov,
    fileName: null,
  });
  return c.json({ saved: true }, 201);
}

async function uploadProvBytes(c: Context<AppEnv>, prov: Uint8Array): Promise<Response> {
  await attachProvenance(c.env, c.var.repository, prov);
  return c.json({ saved: true }, 201);
}

/** `POST api/prov`: a provenance file for a version already uploaded (raw, or multipart `prov`). */
export async function uploadProv(c: Context<AppEnv>): Promise<Response> {
  if (!isMultipart(c)) {
    return uploadProvBytes(
      c,
      await readBodyCapped(c.req.raw, MAX_PROVENANCE_SIZE, 'provenance file'),
    );
  }
  const form = await readUploadForm(c.req.raw);
  if (!form.prov)
    throw new ApiError(400, 'no provenance file in the form (expected a file field named "prov")');
  return uploadProvBytes(c, form.prov);
}
