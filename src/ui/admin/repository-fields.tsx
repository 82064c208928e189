/** The settings a repository form edits: mode, visibility, overwrite (labelled controls). */

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
