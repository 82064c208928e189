/** Hex encoding and digests of bytes and streams, with the runtime's native hashing. */
import type { DigestAlgorithm } from './names';

const WEBCRYPTO_NAME: Record<DigestAlgorithm, string> = { sha256: 'SHA-256', sha512: 'SHA-512' };

/** Lowercase hex of bytes, with Uint8Array's native toHex (TC39; in workerd, not yet in TS's lib). */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return (view as unknown as { toHex(): string }).toHex();
}

/** The bytes of a hex string (either case), with the native Uint8Array.fromHex. */
export function fromHex(hex: string): Uint8Array {
  return (Uint8Array as unknown as { fromHex(hex: string): Uint8Array }).fromHex(hex);
}

export async function digestBytes(algorithm: DigestAlgorithm, bytes: Uint8Array): Promise<string> {
  return `${algorithm}:${toHex(await crypto.subtle.digest(WEBCRYPTO_NAME[algorithm], bytes))}`;
}

/** Hashes a stream without holding it (crypto.DigestStream, a Workers runtime API). */
export async function digestStream(
  algorithm: DigestAlgorithm,
  stream: ReadableStream<Uint8Array>,
): Promise<string> {
  const hasher = new crypto.DigestStream(WEBCRYPTO_NAME[algorithm]);
  await stream.pipeTo(hasher);
  return `${algorithm}:${toHex(await hasher.digest)}`;
}

/** An incremental hasher fed chunk by chunk (for bytes that are also going elsewhere). */
export class StreamingDigest {
  private readonly hasher: DigestStream;
  private readonly writer: WritableStreamDefaultWriter<ArrayBufferView>;

  constructor(private readonly algorithm: DigestAlgorithm = 'sha256') {
    this.hasher = new crypto.DigestStream(WEBCRYPTO_NAME[algorithm]);
    this.writer = this.hasher.getWriter();
  }

  async update(chunk: Uint8Array): Promise<void> {
    await this.writer.write(chunk);
  }

  /** A sink for fanOut: everything written to it is hashed. */
  sink(): WritableStream<Uint8Array> {
    return new WritableStream({ write: (chunk) => this.update(chunk) });
  }

  async digest(): Promise<string> {
    await this.writer.close();
    return `${this.algorithm}:${toHex(await this.hasher.digest)}`;
  }
}
