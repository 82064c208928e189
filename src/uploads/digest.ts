/** Moved to core/digest.ts; re-exported here until every importer points there. */
export { digestBytes, digestStream, fromHex, StreamingDigest, toHex } from '../core/digest';
