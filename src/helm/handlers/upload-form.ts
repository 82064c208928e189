/** ChartMuseum's multipart upload form (`POST api/charts`, fields `chart` and `prov`), read within limits. */
import {
  getMultipartBoundary,
  MaxFileSizeExceededError,
  MaxTotalSizeExceededError,
  MultipartParseError,
  parseMultipartStream,
} from '@remix-run/multipart-parser';
import { ApiError } from '../../errors/api-error';
import { RegistryError } from '../../errors/registry-error';
import { BodyTooLarge } from '../../http/read-capped';
import { cappedStream } from '../../http/capped-stream';
import { MAX_PROVENANCE_SIZE } from '../provenance';
import { MAX_CHART_ARCHIVE_SIZE } from './upload-body';

/**
 * The whole multipart body, framing and every part included (ChartMuseum's 20 MB default): one
 * limit for the body, as ChartMuseum's `--max-upload-size` caps the request body
 * (http.MaxBytesReader in chartmuseum pkg/chartmuseum/server/multitenant/api.go).
 */
export const MAX_UPLOAD_BODY_SIZE = MAX_CHART_ARCHIVE_SIZE;
/** A form has a `chart` part, a `prov` part, or both; nothing else. */
const FIELDS = ['chart', 'prov'] as const;
type Field = (typeof FIELDS)[number];
/** A part's headers (Content-Disposition with a file name, Content-Type) fit in this. */
const MAX_PART_HEADER_SIZE = 4096;

export interface UploadParts {
  chart: Uint8Array | null;
  prov: Uint8Array | null;
}

function isField(name: string | undefined): name is Field {
  return name === 'chart' || name === 'prov';
}

/**
 * Reads the form, refusing (400/413, nothing stored) a body over the limit whether or not it
 * declared its length, more parts than the two fields, unknown or repeated fields, and oversized
 * part headers.
 */
export async function readUploadForm(request: Request): Promise<UploadParts> {
  const boundary = getMultipartBoundary(request.headers.get('content-type') ?? '');
  if (!boundary) throw new ApiError(400, 'invalid multipart body: no boundary in Content-Type');
  if (!request.body) throw new ApiError(400, 'invalid multipart body: the body is empty');
  const parts: UploadParts = { chart: null, prov: null };
  try {
    const body = cappedStream(request, MAX_UPLOAD_BODY_SIZE);
    for await (const part of parseMultipartStream(body, {
      boundary,
      maxParts: FIELDS.length,
      maxHeaderSize: MAX_PART_HEADER_SIZE,
      maxFileSize: MAX_CHART_ARCHIVE_SIZE,
      maxTotalSize: MAX_UPLOAD_BODY_SIZE,
    })) {
      const name = part.name;
      if (!isField(name)) {
        throw new ApiError(
          400,
          `unexpected form field ${JSON.stringify(name ?? null)} (the form takes "chart" and "prov")`,
        );
      }
      if (parts[name]) throw new ApiError(400, `the form field "${name}" appears more than once`);
      parts[name] = part.bytes;
    }
  } catch (err) {
    if (err instanceof BodyTooLarge || err instanceof MaxTotalSizeExceededError)
      throw new RegistryError(
        'TOO_LARGE',
        `upload bodies are limited to ${MAX_UPLOAD_BODY_SIZE} bytes in all`,
      );
    if (err instanceof MaxFileSizeExceededError)
      throw new RegistryError(
        'TOO_LARGE',
        `chart archives are limited to ${MAX_CHART_ARCHIVE_SIZE} bytes`,
      );
    if (err instanceof MultipartParseError)
      throw new ApiError(400, `invalid multipart body: ${err.message}`);
    throw err;
  }
  if (parts.prov && parts.prov.byteLength > MAX_PROVENANCE_SIZE) {
    throw new RegistryError(
      'TOO_LARGE',
      `the provenance file exceeds ${MAX_PROVENANCE_SIZE} bytes`,
    );
  }
  return parts;
}
