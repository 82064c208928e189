/** One extracted file's text: highlighted YAML (render/yaml-highlight.ts, escaped) with a mark when it was cut. */
import { raw } from 'hono/html';
import type { FileBody } from '../../catalog/types';
import { highlightYaml } from '../../render/yaml-highlight';
import { truncatedText } from '../../render/truncated';
import { PAGE_BODY_HTML } from '../page-budget';
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
  const lit = highlight ? highlightYaml(file.text, { maxOutput: PAGE_BODY_HTML }) : null;
  const text =
    lit || file.text.length <= PAGE_BODY_HTML ? file.text : file.text.slice(0, PAGE_BODY_HTML);
  const cut = lit ? lit.truncated : text !== file.text;
  return (
    <>
      <pre class="code" aria-label={label} tabindex={0}>
        <code>{lit ? raw(lit.html) : text}</code>
      </pre>
      {cut ? (
        <p class="truncated" role="note">
          {truncatedText(file.path)}
        </p>
      ) : (
        file.truncated && <TruncatedMark what={file.path} shown={shown} size={file.size} />
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
