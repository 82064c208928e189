/** The chart API's path and query parameters, checked before any query. */
import type { Context } from 'hono';
import { isNameComponent } from '../oci/reference';
import {
  MAX_CHART_NAME_LENGTH,
  MAX_REPOSITORY_NAME_LENGTH,
  MAX_STORAGE_NAME_LENGTH,
} from '../oci/name-lengths';
import { RegistryError } from '../errors/registry-error';
import type { AppEnv } from '../app-env';
import type { RepositoryRef } from '../catalog/types';

/** SemVer 2.0.0's characters (checkChartVersion admits nothing else), at most 128 of them. */
const VERSION = /^[0-9A-Za-z.+-]{1,128}$/;

const name = (value: string | undefined, max: number): value is string =>
  value !== undefined && value.length <= max && isNameComponent(value);

/** The answer for anything the API does not show: the same for every cause (CHART_UNKNOWN). */
export const chartUnknown = () => new RegistryError('CHART_UNKNOWN');

/** A version parameter, or CHART_UNKNOWN: no stored version can be anything else. */
export function versionParam(value: string | undefined): string {
  if (value === undefined || !VERSION.test(value)) throw chartUnknown();
  return value;
}

/**
 * `:storage/:repository/:chart`: a name that breaks the name grammar (oci/reference.ts) or its
 * length share (oci/name-lengths.ts) names no chart, and is answered as an unknown one.
 */
export function chartParams(c: Context<AppEnv>): { ref: RepositoryRef; chart: string } {
  const storage = c.req.param('storage');
  const repository = c.req.param('repository');
  const chart = c.req.param('chart');
  if (
    !name(storage, MAX_STORAGE_NAME_LENGTH) ||
    !name(repository, MAX_REPOSITORY_NAME_LENGTH) ||
    !name(chart, MAX_CHART_NAME_LENGTH)
  ) {
    throw chartUnknown();
  }
  return { ref: { storage, repository }, chart };
}
