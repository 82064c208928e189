/** The files a chart page shows of a chart version, as extracted once at publish (helm/chart-contents.ts). */

export type ChartFileKind = 'readme' | 'values' | 'schema' | 'template' | 'crd' | 'lock';

/** One extracted file: `offset`/`stored` locate its (capped) bytes in the version's bodies. */
export interface ExtractedFile {
  kind: ChartFileKind;
  path: string;
  /** Its size in the archive. */
  size: number;
  offset: number;
  stored: number;
  truncated: boolean;
}

/** The summary kept in D1 (chart_contents.summary) and the bodies it points into. */
export interface ChartContents {
  files: ExtractedFile[];
  /** Files past MAX_EXTRACTED_FILES, listed nowhere. */
  filesOmitted: number;
  /** Chart.yaml's `artifacthub.io/*` annotations, raw strings (parsed when a page shows them). */
  annotations: Record<string, string>;
  /** Why nothing was extracted, when a stored archive could not be read (backfill). */
  unreadable?: string;
  /** The stored bytes of `files`, back to back. */
  bodies: Uint8Array;
}
