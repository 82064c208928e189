/** Hono environment shared by every sub-app: Worker bindings plus request-scoped variables. */
import type { Principal } from './auth/principal';
import type { ReadScope } from './core/read-scope';
import type { Repository } from './core/repository';
import type { PageSession } from './ui/session/page-env';

export type AppEnv = {
  Bindings: Env;
  Variables: {
    principal: Principal;
    /** The repository a `/repositories/<storage>/<repository>/…` request addresses. */
    repository: Repository;
    /**
     * Which repositories an OCI read may see: `all` when the principal holds a grant for the
     * addressed repository, `public` otherwise (private repositories then look unknown).
     */
    readScope: ReadScope;
    /** Pages (ui/session/identify-page.ts): the live sign-in session, null when there is none. */
    session: PageSession | null;
    /** Pages: a form POST's body, read once and capped (ui/session/csrf.ts). */
    form: URLSearchParams;
  };
};
