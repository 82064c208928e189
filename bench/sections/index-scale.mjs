export async function indexAtScale() {
  return '## index: not run';
}
