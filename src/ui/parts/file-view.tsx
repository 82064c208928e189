/** One extracted file's text: highlighted YAML (escaped) in a `<pre>`, with a mark when it was cut. */
import type { FileBody } from '../../catalog/types';
import { TruncatedMark } from './format';

export function FileView({ file, label }: { file: FileBody; label: string }) {
  return (
    <>
      <pre class="code" aria-label={label} tabindex={0}>
        <code>{file.text}</code>
      </pre>
      {file.truncated && (
        <TruncatedMark
          what={file.path}
          shown={new TextEncoder().encode(file.text).length}
          size={file.size}
        />
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
