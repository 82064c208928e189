export async function bigBlob() {
  return '## big-blob: not run';
}
