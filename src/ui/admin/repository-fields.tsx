/** The settings a repository form edits: mode, visibility, overwrite, the Artifact Hub listing (labelled controls). */
import { MAX_OWNERS } from '../../artifacthub/settings';

export interface SettingsProps {
  mode: string;
  visibility: string;
  allowOverwrite: boolean;
}

const MODES: [string, string][] = [
  ['hybrid', 'hybrid: OCI and the classic HTTP repository'],
  ['oci', 'oci: OCI only'],
  ['http', 'http: classic HTTP repository only'],
];

export function SettingsFields({ mode, visibility, allowOverwrite }: SettingsProps) {
  return (
    <>
      <p>
        <label for="repo-visibility">Visibility</label>
        <br />
        <select id="repo-visibility" name="visibility">
          <option value="public" selected={visibility === 'public'}>
            public: anyone may pull
          </option>
          <option value="private" selected={visibility === 'private'}>
            private: tokens with read rights only
          </option>
        </select>
      </p>
      <p>
        <label for="repo-mode">Protocols</label>
        <br />
        <select id="repo-mode" name="mode">
          {MODES.map(([value, label]) => (
            <option value={value} selected={mode === value}>
              {label}
            </option>
          ))}
        </select>
      </p>
      <p>
        <input id="repo-overwrite" type="checkbox" name="allowOverwrite" checked={allowOverwrite} />{' '}
        <label for="repo-overwrite">Allow replacing an existing version with other content</label>
      </p>
    </>
  );
}

export interface ArtifactHubProps {
  repositoryId: string;
  /** The textarea's text: one owner a line (form-input.ts ownersText / ownersInput). */
  owners: string;
}

/** The Artifact Hub listing (README "Artifact Hub"): both empty means not listed. */
export function ArtifactHubFields({ repositoryId, owners }: ArtifactHubProps) {
  return (
    <fieldset>
      <legend>Artifact Hub listing</legend>
      <p>
        <label for="repo-ah-id">Artifact Hub repository ID</label>
        <br />
        <input
          id="repo-ah-id"
          type="text"
          name="artifactHubRepositoryId"
          maxlength={36}
          spellcheck={false}
          autocomplete="off"
          aria-describedby="repo-ah-id-help"
          value={repositoryId}
        />
        <br />
        <span id="repo-ah-id-help" class="muted">
          The UUID Artifact Hub’s control panel shows for the repository; empty: not listed.
        </span>
      </p>
      <p>
        <label for="repo-ah-owners">Owners</label>
        <br />
        <textarea
          id="repo-ah-owners"
          name="artifactHubOwners"
          rows={3}
          cols={50}
          spellcheck={false}
          aria-describedby="repo-ah-owners-help"
        >
          {owners}
        </textarea>
        <br />
        <span id="repo-ah-owners-help" class="muted">
          One a line, at most {MAX_OWNERS}: {'“Name <email>”'} or just the email.
        </span>
      </p>
    </fieldset>
  );
}
