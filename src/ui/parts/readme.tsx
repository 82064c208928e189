/** A README rendered by render/markdown.ts in its safe mode (the only unescaped HTML of the pages). */
import type { FileBody } from '../../catalog/types';
import { TruncatedMark } from './format';

export function Readme({ file }: { file: FileBody }) {
  // Placeholder until render/markdown.ts lands: the README as escaped text.
  return (
    <article class="readme" aria-label="README">
      <pre>{file.text}</pre>
      {file.truncated && (
        <TruncatedMark
          what="the README"
          shown={new TextEncoder().encode(file.text).length}
          size={file.size}
        />
      )}
    </article>
  );
}
