/** One extracted file's text: highlighted YAML (render/yaml-highlight.ts, escaped) with a mark when it was cut. */
import { raw } from 'hono/html';
import type { FileBody } from '../../catalog/types';
import { highlightYaml } from '../../render/yaml-highlight';
import { truncatedText } from '../../render/truncated';
import { TruncatedMark } from './format';

/** `highlight: false` shows the text as it is (JSON, Chart.lock…), escaped by JSX. */
export function FileView({
  file,
  label,
  highlight = true,
}: {
  file: FileBody;
  label: string;
  highlight?: boolean;
}) {
  const shown = new TextEncoder().encode(file.text).length;
  const lit = highlight ? highlightYaml(file.text) : null;
  return (
    <>
      <pre class="code" aria-label={label} tabindex={0}>
        <code>{lit ? raw(lit.html) : file.text}</code>
      </pre>
      {file.truncated ? (
        <TruncatedMark what={file.path} shown={shown} size={file.size} />
      ) : (
        lit?.truncated && (
          <p class="truncated" role="note">
            {truncatedText(file.path)}
          </p>
        )
      )}
    </>
  );
}

/** Shown where a version's contents are not (yet) extracted. */
export function NotExtracted({ unreadable }: { unreadable?: string | null }) {
  return (
    <p class="notice" role="note">
      {unreadable
        ? `The archive of this version could not be read: ${unreadable}`
        : 'The contents of this version have not been extracted yet; they will be shortly.'}
    </p>
  );
}
