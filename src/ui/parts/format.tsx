/** Small pieces of text every page shows the same way: dates, sizes, version marks. */
import type { ChartVersionSummary } from '../../catalog/types';

/** An ISO time as its date (`2026-12-02`), with the full time as the machine-readable value. */
export function DateText({ iso }: { iso: string | null }) {
  if (!iso) return <span class="muted">never</span>;
  return (
    <time datetime={iso} title={iso}>
      {iso.slice(0, 10)}
    </time>
  );
}

/** 1536 → "1.5 KiB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

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

/** The visible mark under a body that was cut at extraction. */
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
    <p class="truncated mark-truncated notice" role="note">
      Truncated: {what} is longer than this page shows ({formatSize(shown)} of {formatSize(size)}{' '}
      kept).
    </p>
  );
}
