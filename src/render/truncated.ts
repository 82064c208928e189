/** The visible "truncated" mark shown under a body that was capped (extraction or rendering). */
import { escapeHtml } from './escape';

/** The plain text of the mark (what a person reads; also the mark's accessible text). */
export function truncatedText(what: string, shownBytes?: number, totalBytes?: number): string {
  const sizes =
    shownBytes !== undefined && totalBytes !== undefined && totalBytes > shownBytes
      ? ` (${formatBytes(shownBytes)} of ${formatBytes(totalBytes)} shown)`
      : '';
  return `Truncated: ${what} is longer than this page shows${sizes}.`;
}

/** The mark as HTML, safe to embed: `what` is escaped. */
export function truncatedMark(what: string, shownBytes?: number, totalBytes?: number): string {
  return `<p class="truncated" role="note">${escapeHtml(truncatedText(what, shownBytes, totalBytes))}</p>`;
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.floor(bytes || 0))} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}
