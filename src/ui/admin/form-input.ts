/**
 * Admin forms as the admin API's input: each form becomes the JSON body the API would take, and
 * goes through the same zod schema (admin/body.ts parseInput) and domain function.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** How many scope rows the token form offers (empty rows are skipped). */
export const SCOPE_ROWS = 3;

/** Token expiry choices: seconds (`''`: never). */
export const EXPIRY_CHOICES: [string, string][] = [
  ['', 'Never'],
  ['86400', '1 day'],
  ['604800', '7 days'],
  ['2592000', '30 days'],
  ['7776000', '90 days'],
  ['31536000', '1 year'],
];

const text = (form: URLSearchParams, name: string) => form.get(name)?.trim() ?? '';

/** A field that only a tampered form leaves out or changes stays as sent, so the schema says what is wrong. */
function optional(form: URLSearchParams, name: string): string | undefined {
  return form.has(name) ? text(form, name) : undefined;
}

export function repositoryInput(form: URLSearchParams): Record<string, unknown> {
  return {
    storage: text(form, 'storage'),
    name: text(form, 'name'),
    ...repositorySettingsInput(form),
  };
}

export function repositorySettingsInput(form: URLSearchParams): Record<string, unknown> {
  return {
    mode: optional(form, 'mode'),
    visibility: optional(form, 'visibility'),
    allowOverwrite: form.get('allowOverwrite') === 'on',
  };
}

export function tokenInput(form: URLSearchParams): Record<string, unknown> {
  const scopes: { repository: string; actions: string[] }[] = [];
  for (let i = 0; i < SCOPE_ROWS; i++) {
    const repository = text(form, `scope${i}`);
    const actions = form.getAll(`actions${i}`);
    if (repository || actions.length > 0) scopes.push({ repository, actions });
  }
  const admin = form.get('kind') === 'admin';
  const expires = text(form, 'expiresInSeconds');
  return {
    name: text(form, 'name'),
    ...(admin ? { admin: true } : {}),
    // Scope rows filled in beside "admin" reach the API's own rule (either admin or scopes).
    ...(scopes.length > 0 || !admin ? { scopes } : {}),
    ...(expires ? { expiresInSeconds: Number(expires) } : {}),
  };
}

/** A refusal the page shows on its form (the API's 4xx); anything else propagates. */
export function formRefusal(err: unknown): { status: ContentfulStatusCode; message: string } {
  if (err instanceof HTTPException && err.status >= 400 && err.status < 500) {
    return { status: err.status as ContentfulStatusCode, message: err.message };
  }
  throw err;
}
