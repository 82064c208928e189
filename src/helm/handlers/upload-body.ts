/** Request-body rules for chart uploads over HTTP. */
import { ApiError } from '../../errors/api-error';
import { RegistryError } from '../../errors/registry-error';
import { BodyTooLarge, readCapped } from '../../http/read-capped';

/** Chart archives accepted over HTTP (ChartMuseum's default upload limit is 20 MB). */
export const MAX_CHART_ARCHIVE_SIZE = 20 * 1024 * 1024;

/** The declared length of a raw upload; archives are streamed, so it must be known up front. */
export function requireLength(request: Request, limit: number): number {
  const header = request.headers.get('content-length');
  if (header === null || !/^\d+$/.test(header) || !request.body) {
    throw new ApiError(411, 'a chart upload needs a Content-Length header and a body');
  }
  const length = Number(header);
  if (length === 0) throw new ApiError(400, 'the chart archive is empty');
  if (length > limit)
    throw new RegistryError('TOO_LARGE', `chart archives are limited to ${limit} bytes`);
  return length;
}

export async function readBodyCapped(
  request: Request,
  limit: number,
  what: string,
): Promise<Uint8Array> {
  try {
    const bytes = await readCapped(request, limit);
    if (bytes.byteLength === 0) throw new ApiError(400, `the ${what} is empty`);
    return bytes;
  } catch (err) {
    if (err instanceof BodyTooLarge)
      throw new RegistryError('TOO_LARGE', `the ${what} exceeds ${limit} bytes`);
    throw err;
  }
}
