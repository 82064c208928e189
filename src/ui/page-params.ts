/** The path segments a chart page addresses, checked before any lookup (bad ones: a 400 page). */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import type { RepositoryRef } from '../catalog/types';
import { badInput } from './error-page';

/** Longest storage, repository, chart name or version a page looks up (D1 keys are shorter). */
const MAX_SEGMENT = 255;
/** Longest file path inside a chart (templates/…, crds/…). */
const MAX_FILE_PATH = 1024;
// No control characters; anything else is looked up as it is and shown escaped.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

function segment(c: Context<AppEnv>, name: string, max = MAX_SEGMENT): string {
  const value = c.req.param(name) ?? '';
  if (value === '' || value.length > max || CONTROL.test(value)) {
    badInput(`the ${name} in this address is not valid`);
  }
  return value;
}

export function pageRef(c: Context<AppEnv>): RepositoryRef {
  return { storage: segment(c, 'storage'), repository: segment(c, 'repository') };
}

export interface ChartAddress {
  ref: RepositoryRef;
  chart: string;
  /** Null: the latest version. */
  version: string | null;
}

export function chartAddress(c: Context<AppEnv>, withVersion: boolean): ChartAddress {
  return {
    ref: pageRef(c),
    chart: segment(c, 'chart'),
    version: withVersion ? segment(c, 'version') : null,
  };
}

/** A file path inside the chart (its slashes kept; no `..` or empty segments). */
export function filePath(c: Context<AppEnv>): string {
  const path = segment(c, 'path', MAX_FILE_PATH);
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    badInput('the file path in this address is not valid');
  }
  return path;
}
