/** Hono environment shared by every sub-app: Worker bindings plus request-scoped variables. */
import type { Principal } from './auth/principal';

export type AppEnv = {
  Bindings: Env;
  Variables: {
    principal: Principal;
  };
};
