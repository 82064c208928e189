// What the sections are handed: the bundled Worker and each side they compare, with its credentials.
export interface Side {
  name: string;
  url: string;
  /** The server process, where its CPU time can be read. */
  pid?: number | undefined;
  /** Headers that authenticate a push (none for the reference registry and the floor). */
  auth: Record<string, string>;
}

export interface BenchContext {
  /** The directory of the bundled Worker (`index.js`). */
  build: string;
  ours: Side & { db: D1Database };
  reference: Side;
  devServer: Side | null;
  storageFloor: Side | null;
}
