/** What a request wants to do to a repository (auth/principal.ts holds the rule that grants it). */

/** `write` and `delete` include `read`. */
export type Action = 'read' | 'write' | 'delete';
