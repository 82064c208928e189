/** A README rendered by render/markdown.ts in its safe mode (the only unescaped HTML of the pages). */
import { raw } from 'hono/html';
import type { FileBody } from '../../catalog/types';
import { renderMarkdown } from '../../render/markdown';
import { truncatedText } from '../../render/truncated';
import { PAGE_BODY_HTML } from '../page-budget';
import { TruncatedMark } from './format';

export function Readme({ file }: { file: FileBody }) {
  const rendered = renderMarkdown(file.text, { maxOutput: PAGE_BODY_HTML });
  const shown = new TextEncoder().encode(file.text).length;
  return (
    <article class="readme" aria-label="README">
      {raw(rendered.html)}
      {rendered.truncated ? (
        <p class="truncated" role="note">
          {truncatedText('the README')}
        </p>
      ) : (
        file.truncated && <TruncatedMark what="the README" shown={shown} size={file.size} />
      )}
    </article>
  );
}
