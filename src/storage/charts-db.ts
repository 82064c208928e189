/** Helm chart versions in D1: one module per concern, re-exported here. */
export { deleteChartVersion, relinkChartVersions, type DeletedManifest } from './chart-aliases-db';
export { listIndexPage, type IndexCursor, type IndexRow } from './chart-index-db';
export {
  findChartFile,
  findChartVersion,
  findLatestChartVersion,
  isImmutableVersionError,
  setChartProvenance,
  upsertChartVersion,
  type ChartFile,
  type ChartVersionInput,
  type StoredChartVersion,
} from './chart-versions-db';
