/** What a read or delete of OCI content by digest needs from the surface that asks for it. */
import type { OciName } from '../core/names';
import type { Repository } from '../core/repository';
import type { ReadScope } from '../core/read-scope';

export interface ContentRequest {
  env: Env;
  /** The request's origin: edge cache keys are URLs under it (edge-entries.ts). */
  origin: string;
  name: OciName;
  /** Which repositories the caller may see (storage/read-scope.ts). */
  scope: ReadScope;
  /** `GET` or `HEAD` for reads: a HEAD gets the record without opening the bytes. */
  method: string;
  /**
   * The surface's error for a name the lookup did not find: the repository the lookup brought
   * (null: there is none), or undefined when the lookup cannot tell (the surface looks).
   */
  nameUnknown(repository?: Pick<Repository, 'mode' | 'visibility'> | null): Error | Promise<Error>;
}
