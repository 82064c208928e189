export async function roundTrips() {
  return '## round-trips: not run';
}
