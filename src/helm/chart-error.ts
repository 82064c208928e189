/** Domain errors of chart handling; each HTTP surface maps them to its own error shape. */

/** The chart archive, Chart.yaml or provenance file is unusable (a 400 with this message). */
export class ChartInvalid extends Error {
  override readonly name = 'ChartInvalid';
}

/** The version exists with other content and the repository does not allow overwrite (409). */
export class ChartVersionExists extends Error {
  override readonly name = 'ChartVersionExists';
}
