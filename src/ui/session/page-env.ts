/** What a page knows of the signed-in session (identifyPage sets it as `c.var.session`). */
import type { AppEnv } from '../../app-env';

/** What a page needs of the session it runs in. */
export interface PageSession {
  /** Hex sha256 of the cookie's id (the row's key). */
  idHash: string;
  /** The token every form of this session carries (csrf.ts). */
  csrfToken: string;
}

/** The pages' environment: AppEnv, whose variables include `session` and `form`. */
export type PageEnv = AppEnv;
