/** The Hono environment of pages that know the signed-in session (identifyPage sets it). */
import type { AppEnv } from '../../app-env';

/** What a page needs of the session it runs in. */
export interface PageSession {
  /** Hex sha256 of the cookie's id (the row's key). */
  idHash: string;
  /** The token every form of this session carries (csrf.ts). */
  csrfToken: string;
}

export type PageEnv = AppEnv & {
  Variables: {
    /** Null when the request has no live session (credentials in a header, or nobody). */
    session: PageSession | null;
    /** The body of a form POST, read once by requireForm() (csrf.ts). */
    form: URLSearchParams;
  };
};
