/** The signing key id of a `.prov` file: the issuer of its OpenPGP signature, read by a small bounded parser. */

/*
 * A `.prov` is a PGP clear-signed message (helm/pkg/provenance/sign.go; RFC 4880 §7) whose
 * signature block is ASCII armor (§6.2) around one or more signature packets (§5.2). Only the
 * issuer is wanted here, so a full OpenPGP library (openpgp.js, ~300 KB minified) would weigh on
 * the Worker bundle for one field: this reads just the packet framing and the signature
 * subpackets, checks every length against the bytes it has, and answers null for anything it
 * does not understand. The signature itself is not verified (clients do, `helm --verify`).
 */

const BEGIN = '-----BEGIN PGP SIGNATURE-----';
const END = '-----END PGP SIGNATURE-----';
/** A signature block far bigger than any real one (an RSA-4096 signature armors to ~900 bytes). */
const MAX_ARMORED = 64 * 1024;
/** Packets read before giving up (a detached signature block holds one per signer). */
const MAX_PACKETS = 16;

const SIGNATURE_PACKET = 2;
const SUBPACKET_ISSUER_KEY_ID = 16;
const SUBPACKET_ISSUER_FINGERPRINT = 33;

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();

/** CRC-24 of RFC 4880 §6.1 (the armor checksum). */
function crc24(bytes: Uint8Array): number {
  let crc = 0xb704ce;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

function decodeBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/**
 * The binary of the armored signature block (RFC 4880 §6.2): armor headers up to a blank line,
 * base64 lines, an optional `=` CRC-24 line that must match when present (RFC 9580 §6.1 makes
 * it optional). Null when there is no well-formed block.
 */
export function dearmorSignature(text: string): Uint8Array | null {
  const begin = text.indexOf(BEGIN);
  if (begin < 0) return null;
  const end = text.indexOf(END, begin);
  if (end < 0 || end - begin > MAX_ARMORED) return null;
  const lines = text
    .slice(begin + BEGIN.length, end)
    .split(/\r?\n/)
    .map((l) => l.trim());
  // Armor headers ("Version: …", "Comment: …") end at the first blank line.
  const blank = lines.indexOf('', 1);
  if (blank < 0) return null;
  let body = lines.slice(blank + 1).filter((l) => l !== '');
  let checksum: string | null = null;
  const last = body.at(-1);
  if (last?.startsWith('=') && last.length === 5) {
    checksum = last.slice(1);
    body = body.slice(0, -1);
  }
  const bytes = decodeBase64(body.join(''));
  if (!bytes || bytes.byteLength === 0) return null;
  if (checksum !== null) {
    const sum = decodeBase64(checksum);
    if (!sum || sum.byteLength !== 3) return null;
    if (((sum[0]! << 16) | (sum[1]! << 8) | sum[2]!) !== crc24(bytes)) return null;
  }
  return bytes;
}

/** A packet: its tag and body, read from `bytes` at `offset` (RFC 4880 §4.2, RFC 9580 §4.2). */
interface Packet {
  tag: number;
  body: Uint8Array;
  next: number;
}

function readPacket(bytes: Uint8Array, offset: number): Packet | null {
  const ctb = bytes[offset];
  if (ctb === undefined || (ctb & 0x80) === 0) return null;
  let pos = offset + 1;
  let tag: number;
  let length: number;
  if (ctb & 0x40) {
    // New format (§4.2.2): one-, two- or five-octet lengths. Partial lengths (224–254) are for
    // streamed literal/compressed data and never frame a signature packet: refused.
    tag = ctb & 0x3f;
    const first = bytes[pos++];
    if (first === undefined) return null;
    if (first < 192) length = first;
    else if (first < 224) {
      const second = bytes[pos++];
      if (second === undefined) return null;
      length = ((first - 192) << 8) + second + 192;
    } else if (first === 255) {
      if (pos + 4 > bytes.byteLength) return null;
      length = new DataView(bytes.buffer, bytes.byteOffset + pos, 4).getUint32(0);
      pos += 4;
    } else return null;
  } else {
    // Old format (§4.2.1): the low two bits say 1, 2 or 4 length octets; 3 is indeterminate.
    tag = (ctb >> 2) & 0x0f;
    const type = ctb & 0x03;
    if (type === 3) return null;
    const size = 1 << type;
    if (pos + size > bytes.byteLength) return null;
    length = 0;
    for (let i = 0; i < size; i++) length = length * 256 + bytes[pos + i]!;
    pos += size;
  }
  if (length > bytes.byteLength - pos) return null;
  return { tag, body: bytes.subarray(pos, pos + length), next: pos + length };
}

/** The issuer in one subpacket area (RFC 4880 §5.2.3.1; RFC 9580 §5.2.3.7): fingerprint, key id. */
function issuerIn(area: Uint8Array, found: { fingerprint?: string; keyId?: string }): boolean {
  let pos = 0;
  while (pos < area.byteLength) {
    const first = area[pos]!;
    let length: number;
    if (first < 192) {
      length = first;
      pos += 1;
    } else if (first < 255) {
      if (pos + 2 > area.byteLength) return false;
      length = ((first - 192) << 8) + area[pos + 1]! + 192;
      pos += 2;
    } else {
      if (pos + 5 > area.byteLength) return false;
      length = new DataView(area.buffer, area.byteOffset + pos + 1, 4).getUint32(0);
      pos += 5;
    }
    // The length counts the type octet; a subpacket past its area is malformed.
    if (length < 1 || length > area.byteLength - pos) return false;
    const type = area[pos]! & 0x7f;
    const data = area.subarray(pos + 1, pos + length);
    if (type === SUBPACKET_ISSUER_FINGERPRINT && data.byteLength >= 1) {
      // Key version, then the fingerprint: 20 octets for v4 keys, 32 for v6 (RFC 9580 §5.5.4).
      const version = data[0]!;
      const fingerprint = data.subarray(1);
      if (
        (version === 4 && fingerprint.byteLength === 20) ||
        (version === 6 && fingerprint.byteLength === 32)
      )
        found.fingerprint ??= hex(fingerprint);
    } else if (type === SUBPACKET_ISSUER_KEY_ID && data.byteLength === 8) {
      found.keyId ??= hex(data);
    }
    pos += length;
  }
  return true;
}

/**
 * The issuer of a signature packet body: v4 (RFC 4880 §5.2.3: two-octet subpacket area lengths)
 * or v6 (RFC 9580 §5.2.3: four-octet lengths). A v3 signature (§5.2.2) names its key id in a
 * fixed field.
 */
function signatureIssuer(body: Uint8Array): string | null {
  const version = body[0];
  if (version === 3) {
    // version, length 5, type, creation time (4), key id (8)
    if (body.byteLength < 15 || body[1] !== 5) return null;
    return hex(body.subarray(7, 15));
  }
  if (version !== 4 && version !== 6) return null;
  const wide = version === 6;
  const found: { fingerprint?: string; keyId?: string } = {};
  // version, signature type, public-key algorithm, hash algorithm, then the hashed area.
  let pos = 4;
  for (let area = 0; area < 2; area++) {
    const size = wide ? 4 : 2;
    if (pos + size > body.byteLength) return null;
    const view = new DataView(body.buffer, body.byteOffset + pos, size);
    const length = wide ? view.getUint32(0) : view.getUint16(0);
    pos += size;
    if (length > body.byteLength - pos) return null;
    if (!issuerIn(body.subarray(pos, pos + length), found)) return null;
    pos += length;
  }
  return found.fingerprint ?? found.keyId ?? null;
}

/**
 * The signing key of a `.prov` file's signature, as upper-case hex: the issuer fingerprint when
 * the signature carries one (gpg does), else its issuer key id (Helm's `--sign`, Go's openpgp,
 * writes only that). Null when the file has no readable signature; never throws.
 */
export function provenanceKeyId(prov: Uint8Array | string): string | null {
  try {
    const text = typeof prov === 'string' ? prov : new TextDecoder().decode(prov);
    const bytes = dearmorSignature(text);
    if (!bytes) return null;
    let offset = 0;
    for (let n = 0; n < MAX_PACKETS && offset < bytes.byteLength; n++) {
      const packet = readPacket(bytes, offset);
      if (!packet) return null;
      if (packet.tag === SIGNATURE_PACKET) return signatureIssuer(packet.body);
      offset = packet.next;
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * What chart_versions.prov_key_id records for a `.prov`: its key id, or '' when none could be
 * read (so the backfill, which takes NULLs, does not try the file again). Readers take '' as null.
 */
export function recordedKeyId(prov: Uint8Array): string {
  return provenanceKeyId(prov) ?? '';
}
