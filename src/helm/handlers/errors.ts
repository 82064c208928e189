/** Maps chart domain errors to the HTTP API's JSON errors. */
import { ApiError } from '../../errors/api-error';
import { ChartInvalid, ChartVersionExists } from '../chart-error';

export async function asApiErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ChartInvalid) throw new ApiError(400, err.message);
    if (err instanceof ChartVersionExists) throw new ApiError(409, err.message);
    throw err;
  }
}
