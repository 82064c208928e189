// ChartMuseum multipart uploads (`POST api/charts`): one limit for the whole body, with or without
// Content-Length, and only the `chart` and `prov` fields, each once. Refusals store nothing.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChart, createRepository, repositoryId } from '../helpers/charts';
import { randomBytes, request } from '../helpers/oci';
import { MAX_UPLOAD_BODY_SIZE } from '../../src/helm/handlers/upload-form';

const BOUNDARY = 'test-boundary-7f3a';
const encoder = new TextEncoder();

interface Part {
  name: string;
  body: Uint8Array;
  /** Extra header text inside the part (to make a part header too big). */
  extraHeader?: string;
}

function partHead(part: Part): Uint8Array {
  return encoder.encode(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.name}.bin"\r\n` +
      `Content-Type: application/octet-stream\r\n${part.extraHeader ?? ''}\r\n`,
  );
}

/** The multipart body, as chunks (so it can be sent chunked, without Content-Length). */
function chunksOf(parts: Part[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    chunks.push(partHead(part));
    for (let at = 0; at < part.body.byteLength; at += 1024 * 1024)
      chunks.push(part.body.subarray(at, at + 1024 * 1024));
    chunks.push(encoder.encode('\r\n'));
  }
  chunks.push(encoder.encode(`--${BOUNDARY}--\r\n`));
  return chunks;
}

function post(repo: string, parts: Part[], chunked: boolean): Promise<Response> {
  const chunks = chunksOf(parts);
  const headers: Record<string, string> = {
    'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
  };
  let body: BodyInit;
  if (chunked) {
    let i = 0;
    body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i < chunks.length) controller.enqueue(chunks[i++]!);
        else controller.close();
      },
    });
  } else {
    const whole = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    chunks.reduce((at, c) => (whole.set(c, at), at + c.byteLength), 0);
    body = whole;
    headers['content-length'] = String(whole.byteLength);
  }
  return request('POST', `/repositories/${repo}/api/charts`, { body, headers });
}

async function expectRefused(res: Response, status: number, message: RegExp): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect((JSON.parse(text) as { error: string }).error).toMatch(message);
}

describe('multipart upload limits', () => {
  let repo: string;
  let chart: Uint8Array;
  const stored = async () =>
    env.DB.prepare('SELECT count(*) AS n FROM chart_versions WHERE repository_id = ?1')
      .bind(await repositoryId(env.DB, repo))
      .first<number>('n');

  beforeAll(async () => {
    repo = await createRepository(env.DB);
    chart = await buildChart({ name: 'limits', version: '0.1.0' });
  });

  it('accepts a form with a chart part, sent chunked', async () => {
    const res = await post(repo, [{ name: 'chart', body: chart }], true);
    expect(res.status, await res.clone().text()).toBe(201);
    await request('DELETE', `/repositories/${repo}/api/charts/limits/0.1.0`);
  });

  for (const chunked of [false, true]) {
    const how = chunked ? 'chunked, without Content-Length' : 'with Content-Length';
    it(`refuses a body over the limit in all (${how}) with 413`, async () => {
      const filler = randomBytes(MAX_UPLOAD_BODY_SIZE - 512 * 1024);
      const big = await post(
        repo,
        [
          { name: 'chart', body: filler },
          { name: 'prov', body: randomBytes(1024 * 1024) },
        ],
        chunked,
      );
      await expectRefused(big, 413, /upload bodies are limited to \d+ bytes in all/);
      expect(await stored()).toBe(0);
    });
  }

  it('refuses seven filler parts and a chart at the first unknown field (400)', async () => {
    const filler = randomBytes(2 * 1024 * 1024);
    const parts: Part[] = Array.from({ length: 7 }, (_, i) => ({
      name: `filler${i}`,
      body: filler,
    }));
    parts.push({ name: 'chart', body: chart });
    await expectRefused(await post(repo, parts, true), 400, /unexpected form field "filler0"/);
    expect(await stored()).toBe(0);
  });

  it('refuses a repeated field, more parts than the form has, and oversized part headers', async () => {
    await expectRefused(
      await post(
        repo,
        [
          { name: 'chart', body: chart },
          { name: 'chart', body: chart },
        ],
        false,
      ),
      400,
      /"chart" appears more than once/,
    );
    await expectRefused(
      await post(
        repo,
        [
          { name: 'chart', body: chart },
          { name: 'prov', body: chart },
          { name: 'prov', body: chart },
        ],
        false,
      ),
      400,
      /invalid multipart body: .*part count/i,
    );
    await expectRefused(
      await post(
        repo,
        [{ name: 'chart', body: chart, extraHeader: `X-Pad: ${'a'.repeat(8000)}\r\n` }],
        true,
      ),
      400,
      /invalid multipart body: .*header/i,
    );
    expect(await stored()).toBe(0);
  });
});
