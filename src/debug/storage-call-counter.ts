/** Counts the D1 round trips and R2 calls a request makes, for benchmarks and tests. */

export interface CallCounts {
  d1: number;
  r2: number;
}

const D1_CALLS = new Set(['first', 'all', 'run', 'raw']);
const R2_CALLS = new Set(['get', 'head', 'put', 'delete', 'list', 'createMultipartUpload']);
const R2_UPLOAD_CALLS = new Set(['uploadPart', 'complete', 'abort']);

function countCalls<T extends object>(
  target: T,
  names: Set<string>,
  count: () => void,
  wrap?: (value: unknown) => unknown,
): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (names.has(String(prop))) count();
        const result = value.apply(obj, args);
        return wrap ? wrap(result) : result;
      };
    },
  });
}

/** Proxy -> the runtime's own statement, which `batch` needs. */
const originals = new WeakMap<object, D1PreparedStatement>();

function wrapStatement(statement: D1PreparedStatement, counts: CallCounts): D1PreparedStatement {
  const proxy = countCalls(
    statement,
    D1_CALLS,
    () => counts.d1++,
    (result) =>
      result && typeof result === 'object' && 'bind' in result
        ? wrapStatement(result as D1PreparedStatement, counts)
        : result,
  );
  originals.set(proxy, statement);
  return proxy;
}

function wrapDatabase(db: D1Database, counts: CallCounts): D1Database {
  return new Proxy(db, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (prop === 'prepare') return (sql: string) => wrapStatement(obj.prepare(sql), counts);
      if (prop === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          counts.d1++;
          // Statements must be the runtime's own objects, not proxies.
          return obj.batch(statements.map((s) => originals.get(s) ?? s));
        };
      }
      if (prop === 'exec') {
        return (sql: string) => {
          counts.d1++;
          return obj.exec(sql);
        };
      }
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  });
}

function wrapBucket(bucket: R2Bucket, counts: CallCounts): R2Bucket {
  const uploads = (upload: unknown) =>
    countCalls(upload as R2MultipartUpload, R2_UPLOAD_CALLS, () => counts.r2++);
  return new Proxy(bucket, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const name = String(prop);
        if (R2_CALLS.has(name)) counts.r2++;
        const result = value.apply(obj, args);
        if (name === 'resumeMultipartUpload') return uploads(result);
        if (name === 'createMultipartUpload')
          return (result as Promise<R2MultipartUpload>).then(uploads);
        return result;
      };
    },
  });
}

/** The env with counting bindings, and the counts they fill in. */
/**
 * When the Worker variable COUNT_STORAGE_CALLS is "true", the bindings are wrapped and every
 * response carries `X-Storage-D1` and `X-Storage-R2`. Off (the default), nothing is wrapped.
 */
export function countingEnv(env: Env): { env: Env; counts: CallCounts } {
  const counts: CallCounts = { d1: 0, r2: 0 };
  const wrapped: Record<string, unknown> = { ...env };
  for (const [key, value] of Object.entries(env)) {
    if (value && typeof value === 'object' && 'prepare' in value && 'batch' in value) {
      wrapped[key] = wrapDatabase(value as D1Database, counts);
    } else if (value && typeof value === 'object' && 'createMultipartUpload' in value) {
      wrapped[key] = wrapBucket(value as R2Bucket, counts);
    }
  }
  return { env: wrapped as unknown as Env, counts };
}
