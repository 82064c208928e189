/**
 * Admin forms as the admin API's input: each form becomes the JSON body the API would take, and
 * goes through the same zod schema (admin/body.ts parseInput) and domain function.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { MAX_OWNERS } from '../../artifacthub/settings';
import type { ArtifactHubOwner } from '../../core/artifacthub';

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

/** The create form: an empty Artifact Hub section sets nothing. */
export function repositoryInput(form: URLSearchParams): Record<string, unknown> {
  const { artifactHub, ...settings } = repositorySettingsInput(form);
  return {
    storage: text(form, 'storage'),
    name: text(form, 'name'),
    ...settings,
    ...(artifactHub === null ? {} : { artifactHub }),
  };
}

/** The edit form: an empty Artifact Hub section clears the setting (`artifactHub: null`). */
export function repositorySettingsInput(form: URLSearchParams): Record<string, unknown> {
  return {
    mode: optional(form, 'mode'),
    visibility: optional(form, 'visibility'),
    allowOverwrite: form.get('allowOverwrite') === 'on',
    artifactHub: artifactHubInput(form),
  };
}

/** `Name <email>`: the name before the last `<…>` that ends the line. */
const NAMED_OWNER = /^(.*?)\s*<([^<>]*)>$/;

/**
 * The owners textarea, one owner a line: `Name <email>` or `email`; blank lines are skipped. A
 * line of any other shape is kept whole as the email, so the API's schema refuses it; past
 * MAX_OWNERS lines only one more is read, enough for the schema's own "at most" message.
 */
export function ownersInput(value: string): ArtifactHubOwner[] {
  const owners: ArtifactHubOwner[] = [];
  for (const raw of value.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (owners.length > MAX_OWNERS) break;
    const named = NAMED_OWNER.exec(line);
    const name = named?.[1]?.trim();
    const email = named ? named[2]!.trim() : line;
    owners.push(name ? { name, email } : { email });
  }
  return owners;
}

/** One owner as the textarea writes it: `Name <email>`, or `email`. */
export const ownerLine = (o: ArtifactHubOwner) =>
  o.name === undefined ? o.email : `${o.name} <${o.email}>`;

/** The textarea's text for stored owners (what ownersInput reads back). */
export function ownersText(owners: readonly ArtifactHubOwner[]): string {
  return owners.map(ownerLine).join('\n');
}

/**
 * The Artifact Hub fields as the API's `artifactHub`: undefined when the form has no such fields
 * (unchanged), null when both are empty (cleared), else the setting; owners without an ID are
 * sent with the empty ID, so the schema says the ID is missing rather than dropping them.
 */
function artifactHubInput(form: URLSearchParams): Record<string, unknown> | null | undefined {
  if (!form.has('artifactHubRepositoryId') && !form.has('artifactHubOwners')) return undefined;
  const repositoryId = text(form, 'artifactHubRepositoryId');
  const owners = ownersInput(form.get('artifactHubOwners') ?? '');
  if (!repositoryId && owners.length === 0) return null;
  return { repositoryId, owners };
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
