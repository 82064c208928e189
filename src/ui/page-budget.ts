/**
 * How much of a body one page shows, so a page stays under 100 KB before the README's images
 * (issue 15): a highlighted or rendered body is cut at this many characters of HTML, with the
 * visible truncated mark; the JSON API (`/api/charts/…`) serves the whole extracted text.
 */
export const PAGE_BODY_HTML = 64 * 1024;
/** Rows of a schema table on one page (render/schema-rows.ts allows 2000). */
export const PAGE_SCHEMA_ROWS = 250;
