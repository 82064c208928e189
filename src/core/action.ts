/** What a request wants to do to a repository (auth/decide.ts decides whether it may). */

/** `write` and `delete` include `read`. */
export type Action = 'read' | 'write' | 'delete';
