export async function helmCli() {
  return '## helm-cli: not run';
}
