/** The `artifactHub` setting of the admin API's repository bodies: what it accepts, checked before anything is stored. */
import * as z from 'zod/mini';

/**
 * Artifact Hub repository IDs are UUIDs (it creates them with Postgres `gen_random_uuid()` and
 * refuses metadata whose `repositoryID` does not parse as one: "invalid repository id"); the
 * canonical 8-4-4-4-12 form, stored lower-case.
 */
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** An address shape (local@domain.tld), without spaces, controls, quotes or brackets. */
const EMAIL =
  /^[^\s@<>()[\]\\,;:"\p{Cc}]+@[^\s@<>()[\]\\,;:"\p{Cc}.]+(\.[^\s@<>()[\]\\,;:"\p{Cc}.]+)+$/u;
const NO_CONTROLS = /^[^\p{Cc}\p{Cf}]*$/u;

export const MAX_OWNERS = 20;
/** RFC 5321 §4.5.3.1: a path is at most 256 octets, so an address at most 254. */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_OWNER_NAME_LENGTH = 100;

const owner = z.strictObject({
  name: z.optional(
    z
      .string()
      .check(
        z.minLength(1, 'must not be empty'),
        z.maxLength(MAX_OWNER_NAME_LENGTH, `must be at most ${MAX_OWNER_NAME_LENGTH} characters`),
        z.regex(NO_CONTROLS, 'must not contain control characters'),
      ),
  ),
  email: z
    .string()
    .check(
      z.maxLength(MAX_EMAIL_LENGTH, `must be at most ${MAX_EMAIL_LENGTH} characters`),
      z.regex(EMAIL, 'must be an email address (name@example.com)'),
    ),
});

/**
 * `"artifactHub": {"repositoryId": "<uuid>", "owners": [{"name", "email"}]}`, or null to clear:
 * what artifacthub-repo.yml's `repositoryID` and `owners` carry (artifacthub/hub
 * docs/metadata/artifacthub-repo.yml). The repository ID is required (a listing without one
 * would be an ownership claim Artifact Hub cannot tie to a repository); owners are optional.
 */
export const artifactHubSetting = z.nullable(
  z.strictObject({
    repositoryId: z.pipe(
      z.string().check(z.regex(UUID, 'must be an Artifact Hub repository ID (a UUID)')),
      z.transform((id) => id.toLowerCase()),
    ),
    owners: z.optional(
      z.array(owner).check(z.maxLength(MAX_OWNERS, `at most ${MAX_OWNERS} owners`)),
    ),
  }),
);

export type ArtifactHubSetting = z.infer<typeof artifactHubSetting>;
