/** "Install": the commands for this host and repository, one copyable block per protocol. */
import { CopyBlock } from './copy-block';

export interface InstallBlock {
  /** Element id of the block's `<pre>`. */
  id: string;
  /** What the block is for ("Helm repository (HTTP)", "OCI registry…"). */
  label: string;
  /** The shell lines, one command a line. */
  text: string;
  /** One line that downloads the archive instead. */
  pull: string;
  notes: string[];
}

export function InstallSection({ blocks }: { blocks: InstallBlock[] }) {
  return (
    <section aria-labelledby="side-install">
      <h2 id="side-install">Install</h2>
      {blocks.map((b) => (
        <>
          <h3>{b.label}</h3>
          <CopyBlock id={b.id} label={`Install with the ${b.label}`} text={b.text} />
          {b.notes.map((n) => (
            <p class="muted small">{n}</p>
          ))}
          <details>
            <summary>Download the archive instead</summary>
            <CopyBlock id={`${b.id}-pull`} label={`Pull with the ${b.label}`} text={b.pull} />
          </details>
        </>
      ))}
    </section>
  );
}
