// Helpers for credentials: access tokens through the admin API, registry tokens through /v2/token.
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { request } from './oci';

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
export async function expireToken(id: string): Promise<void> {
  await env.DB.prepare(`UPDATE access_tokens SET expires_at = unixepoch() - 1 WHERE id = ?1`)
    .bind(id)
    .run();
}

export async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}
