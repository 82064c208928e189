/** GET /assets/<name>.<hash>.<ext>: the hashed stylesheet and script, cached for a year. */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { uiNotFound } from '../error-page';
import { ASSET_CACHE_CONTROL, findAsset } from './assets';

export async function serveAsset(c: Context<AppEnv>): Promise<Response> {
  const asset = await findAsset(c.req.path);
  if (!asset) return uiNotFound(c);
  return c.body(asset.body, 200, {
    'Content-Type': asset.type,
    'Cache-Control': ASSET_CACHE_CONTROL,
  });
}
