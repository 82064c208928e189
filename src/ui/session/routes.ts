/** Sign-in and sign-out pages: method, path, checks, handler. Mounted at `/` by src/index.ts. */
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { uiErrorHandler } from '../error-page';
import { pageHeaders } from '../page-headers';
import { requireSameOriginForm, requireSessionForm } from './csrf';
import { identifyPage } from './identify-page';
import { getSignIn, getSignOut, postSignIn, postSignOut } from './sign-in-page';

// Per path, never `*`: this app sits at `/` beside the other surfaces (as ui/routes.ts).
const sessions = new Hono<AppEnv>()
  .use('/sign-in', pageHeaders(), identifyPage())
  .use('/sign-out', pageHeaders(), identifyPage());

export const sessionRoutes = sessions
  .get('/sign-in', getSignIn)
  .post('/sign-in', requireSameOriginForm(), postSignIn)
  .get('/sign-out', getSignOut)
  .post('/sign-out', requireSessionForm(), postSignOut)
  .onError(uiErrorHandler);
