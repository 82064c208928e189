/** Chart domain errors: entries of errors/registry-error.ts that every surface renders in its shape. */
import { RegistryError } from '../errors/registry-error';

/** The chart archive, Chart.yaml or provenance file is unusable (CHART_INVALID, a 400). */
export class ChartInvalid extends RegistryError {
  override readonly name: string = 'ChartInvalid';

  constructor(message: string) {
    super('CHART_INVALID', message);
  }
}

/** The version exists with other content and the repository does not allow overwrite (VERSION_EXISTS, 409). */
export class ChartVersionExists extends RegistryError {
  override readonly name: string = 'ChartVersionExists';

  constructor(message: string) {
    super('VERSION_EXISTS', message);
  }
}
