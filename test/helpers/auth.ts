// Helpers for credentials: access tokens through the admin API, registry tokens through /v2/token.
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { createRepository } from './charts';
import { pushImage, request, type RequestOptions } from './oci';

export interface CreatedToken {
  id: string;
  secret: string;
}

export async function createToken(body: Record<string, unknown>): Promise<CreatedToken> {
  const res = await request('POST', '/api/tokens', {
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  const json = (await res.json()) as CreatedToken;
  expect(res.status, JSON.stringify(json)).toBe(201);
  return json;
}

export const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`;

/** A registry token for `scope` from GET /v2/token, with the given Authorization (or none). */
export async function registryToken(
  authorization: string | null,
  scope?: string,
): Promise<Response> {
  const query = new URLSearchParams({ service: 'registry.test' });
  if (scope) query.set('scope', scope);
  return request('GET', `/v2/token?${query}`, {
    auth: false,
    headers: authorization ? { authorization } : {},
  });
}

/** Decodes a JWT's payload (no verification: the tests only read what was granted). */
export function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1]!.replaceAll('-', '+').replaceAll('_', '/');
  return JSON.parse(atob(part)) as Record<string, unknown>;
}

/** Makes a token expire now, as if time had passed. */
/**
 * Moves a token's expiry into the past, as time passing would. The Worker keeps a token it just
 * read for 10 s and checks its expiry at each use; changed behind its back, the row must also be
 * forgotten (any PATCH clears what the isolate remembers, src/recent/recent-reads.ts).
 */
export async function expireToken(id: string): Promise<void> {
  await env.DB.prepare(`UPDATE access_tokens SET expires_at = unixepoch() - 1 WHERE id = ?1`)
    .bind(id)
    .run();
  await (await request('PATCH', '/v2/default/charts/app/blobs/uploads/forget')).arrayBuffer();
}

export async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

/** A private repository holding image `v1` of `<repo>/app` with one layer, and a reader's token. */
export async function privateImageWithReader(layerText: string): Promise<{
  repo: string;
  image: Awaited<ReturnType<typeof pushImage>>;
  layer: string;
  asReader: RequestOptions;
}> {
  const repo = await createRepository(env.DB, { visibility: 'private' });
  const image = await pushImage(`${repo}/app`, 'v1', { layers: [layerText] });
  const layer = JSON.parse(image.manifest).layers[0].digest as string;
  const reader = await createToken({
    name: 'r',
    scopes: [{ repository: repo, actions: ['read'] }],
  });
  const asReader = { auth: false, headers: { authorization: `Bearer ${reader.secret}` } };
  return { repo, image, layer, asReader };
}

/**
 * Request options of an anonymous OCI client after the token flow: every /v2 request without
 * credentials is challenged, and the client comes back with the anonymous token of /v2/token
 * (no scope needed: it reads public repositories only).
 */
export async function anonymousPull(scope?: string): Promise<RequestOptions> {
  const res = await registryToken(null, scope);
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  return { auth: false, headers: { authorization: `Bearer ${token}` } };
}
