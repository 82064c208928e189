/** Small pieces of text every page shows the same way: dates, sizes, version marks. */
import type { ChartVersionSummary } from '../../catalog/types';
import { formatBytes, truncatedText } from '../../render/truncated';

/** An ISO time as its date (`2026-12-02`), with the full time as the machine-readable value. */
export function DateText({ iso }: { iso: string | null }) {
  if (!iso) return <span class="muted">never</span>;
  return (
    <time datetime={iso} title={iso}>
      {iso.slice(0, 10)}
    </time>
  );
}

/** 1536 → "1.5 KiB" (render/truncated.ts's, so sizes read the same everywhere). */
export const formatSize = formatBytes;

export function DeprecatedMark() {
  return <span class="mark mark-deprecated">deprecated</span>;
}

/** Deprecated / prerelease / signed marks of a version. */
export function VersionMarks({
  version,
}: {
  version: Pick<ChartVersionSummary, 'deprecated' | 'prerelease' | 'signed'>;
}) {
  return (
    <>
      {version.deprecated && (
        <>
          {' '}
          <DeprecatedMark />
        </>
      )}
      {version.prerelease && (
        <>
          {' '}
          <span class="mark mark-prerelease">prerelease</span>
        </>
      )}
      {version.signed && (
        <>
          {' '}
          <span class="mark mark-signed">signed</span>
        </>
      )}
    </>
  );
}

/** The visible mark under a body that was cut at extraction (render/truncated.ts's text). */
export function TruncatedMark({
  what,
  shown,
  size,
}: {
  what: string;
  shown: number;
  size: number;
}) {
  return (
    <p class="truncated" role="note">
      {truncatedText(what, shown, size)}
    </p>
  );
}
