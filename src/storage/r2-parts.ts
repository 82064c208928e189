/** R2 multipart rules: all parts the same size but the last, at least 5 MiB, at most 10,000. */

/** Everything that writes R2 in parts cuts them at PART_SIZE, which caps an object at MAX_OBJECT_SIZE. */
export const PART_SIZE = 8 * 1024 * 1024;
export const MAX_PARTS = 10_000;
export const MAX_OBJECT_SIZE = PART_SIZE * MAX_PARTS;
