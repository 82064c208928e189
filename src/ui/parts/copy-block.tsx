/** A `<pre>` with a copy button; the script (assets/site-js.ts) shows the button, so without it the text is just selectable. */

export function CopyBlock({ id, label, text }: { id: string; label: string; text: string }) {
  return (
    <div class="copy-block">
      <pre id={id} aria-label={label} tabindex={0}>
        {text}
      </pre>
      <button type="button" class="secondary" data-copy={id} hidden aria-label={`Copy: ${label}`}>
        Copy
      </button>
    </div>
  );
}
