/** Hono environment shared by every sub-app: Worker bindings plus request-scoped variables. */
import type { Principal } from './auth/principal';
import type { RepositoryRef } from './helm/publish-chart';

export type AppEnv = {
  Bindings: Env;
  Variables: {
    principal: Principal;
    /** The repository a `/repositories/<storage>/<repository>/…` request addresses. */
    repository: RepositoryRef;
  };
};
