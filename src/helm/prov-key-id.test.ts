/** provenanceKeyId: real gpg- and helm-signed files, and hostile packets. */
import { describe, expect, it } from 'vitest';
import gpgEd25519 from '../../test/fixtures/provenance/gpg-ed25519.prov?raw';
import gpgRsa from '../../test/fixtures/provenance/gpg-rsa.prov?raw';
import helmRsa from '../../test/fixtures/provenance/helm-rsa.prov?raw';
import { dearmorSignature, provenanceKeyId } from './prov-key-id';

// The fixtures were signed once with throwaway keys (test/fixtures/provenance/README.md).
const RSA_FINGERPRINT = 'DC80535197C3027B2EA1B4EBF6A3233EB8AD2B1A';
const ED25519_FINGERPRINT = '6587C6C76A43B663FD955EDF70E7435332FAC95D';

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** A clear-signed file whose signature block armors `packets` (no CRC line). */
function armored(packets: Uint8Array, crc = ''): string {
  return [
    '-----BEGIN PGP SIGNED MESSAGE-----',
    'Hash: SHA512',
    '',
    'name: demo',
    '-----BEGIN PGP SIGNATURE-----',
    '',
    toBase64(packets),
    ...(crc ? [crc] : []),
    '-----END PGP SIGNATURE-----',
    '',
  ].join('\n');
}

/** A v4 signature packet body with these hashed and unhashed subpacket areas. */
function v4Signature(hashed: number[], unhashed: number[]): number[] {
  return [
    4,
    0x01,
    22,
    10,
    hashed.length >> 8,
    hashed.length & 0xff,
    ...hashed,
    unhashed.length >> 8,
    unhashed.length & 0xff,
    ...unhashed,
    0xd2,
    0x1d,
  ];
}

const KEY_ID = [0x70, 0xe7, 0x43, 0x53, 0x32, 0xfa, 0xc9, 0x5d];
const issuerKeyId = [9, 16, ...KEY_ID];
/** Old-format packet, tag 2, one-octet length. */
const oldPacket = (body: number[]) => new Uint8Array([0x88, body.length, ...body]);
/** New-format packet, tag 2, one-octet length. */
const newPacket = (body: number[]) => new Uint8Array([0xc2, body.length, ...body]);

describe('provenanceKeyId', () => {
  it('reads the issuer fingerprint of gpg signatures (RSA and Ed25519, old-format packets)', () => {
    expect(provenanceKeyId(gpgRsa)).toBe(RSA_FINGERPRINT);
    expect(provenanceKeyId(gpgEd25519)).toBe(ED25519_FINGERPRINT);
    expect(provenanceKeyId(new TextEncoder().encode(gpgEd25519))).toBe(ED25519_FINGERPRINT);
  });

  it("reads the issuer key id of `helm package --sign`'s signature (new-format packet, no fingerprint)", () => {
    expect(provenanceKeyId(helmRsa)).toBe(RSA_FINGERPRINT.slice(-16));
  });

  it('accepts CRLF line ends and a missing CRC line, refuses a wrong CRC', () => {
    expect(provenanceKeyId(gpgRsa.replaceAll('\n', '\r\n'))).toBe(RSA_FINGERPRINT);
    expect(provenanceKeyId(gpgRsa.replace(/^=.{4}$/m, ''))).toBe(RSA_FINGERPRINT);
    expect(provenanceKeyId(gpgRsa.replace(/^=.{4}$/m, '=AAAA'))).toBeNull();
  });

  it('prefers the fingerprint, in either area; takes a key id from the unhashed area', () => {
    const fingerprint = [22, 33, 4, ...Array.from({ length: 20 }, (_, i) => i + 1)];
    const both = oldPacket(v4Signature(issuerKeyId, fingerprint));
    expect(provenanceKeyId(armored(both))).toBe('0102030405060708090A0B0C0D0E0F1011121314');
    expect(provenanceKeyId(armored(newPacket(v4Signature([], issuerKeyId))))).toBe(
      '70E7435332FAC95D',
    );
  });

  it('reads a v6 signature (four-octet area lengths, 32-octet fingerprint)', () => {
    const fingerprint = [34, 33, 6, ...Array.from({ length: 32 }, () => 0xab)];
    const body = [6, 0x01, 27, 10, 0, 0, 0, fingerprint.length, ...fingerprint, 0, 0, 0, 0, 1, 2];
    expect(provenanceKeyId(armored(newPacket(body)))).toBe('AB'.repeat(32));
  });

  it('skips packets before the signature (five-octet and two-octet new lengths)', () => {
    const marker = [0xca, 255, 0, 0, 0, 3, 0x50, 0x47, 0x50];
    const padding = new Array(200).fill(0);
    const two = [0xd5, 192 + ((200 - 192) >> 8), (200 - 192) & 0xff, ...padding];
    const sig = newPacket(v4Signature(issuerKeyId, []));
    expect(provenanceKeyId(armored(new Uint8Array([...marker, ...two, ...sig])))).toBe(
      '70E7435332FAC95D',
    );
  });

  it('answers null for malformed and hostile signature blocks, never throws', () => {
    const sig = v4Signature(issuerKeyId, []);
    const cases: Uint8Array[] = [
      new Uint8Array([0x88, sig.length + 1, ...sig]), // packet length past the end
      new Uint8Array([0xc2, 255, 0xff, 0xff, 0xff, 0xff, ...sig]), // huge five-octet length
      new Uint8Array([0x8a, 0xff, 0xff, 0xff, 0xff, ...sig]), // huge old four-octet length
      new Uint8Array([0xc2, 0xe1, ...sig]), // partial body length
      new Uint8Array([0x8b, ...sig]), // old indeterminate length
      new Uint8Array([0xc2]), // no length at all
      new Uint8Array([0x42, 3, 1, 2, 3]), // not a packet (bit 7 clear)
      oldPacket([4, 1, 22, 10, 0xff, 0xff, ...issuerKeyId]), // hashed area past the body
      oldPacket([4, 1, 22, 10, 0, 9, 200, 16, ...KEY_ID]), // subpacket length past its area
      oldPacket([4, 1, 22, 10, 0, 6, 255, 0xff, 0xff, 0xff, 0xff, 16]), // huge subpacket
      oldPacket([4, 1, 22, 10, 0, 1, 0]), // zero-length subpacket
      oldPacket(v4Signature([5, 16, 1, 2, 3, 4], [])), // a key id of 4 octets
      oldPacket(v4Signature([7, 33, 4, 1, 2, 3, 4, 5], [])), // a short fingerprint
      oldPacket(v4Signature([], [])), // no issuer
      oldPacket([5, 1, 22, 10]), // unknown signature version
      oldPacket([]), // empty body
      new Uint8Array(Array.from({ length: 40 }, () => [0xca, 0]).flat()), // only markers
    ];
    for (const packets of cases) expect(provenanceKeyId(armored(packets))).toBeNull();
  });

  it('answers null for files without a usable armored signature', () => {
    for (const text of [
      '',
      'name: demo',
      '-----BEGIN PGP SIGNATURE-----\n\nwsBc\n', // no end line
      '-----BEGIN PGP SIGNATURE-----\nwsBc\n-----END PGP SIGNATURE-----', // no blank line
      '-----BEGIN PGP SIGNATURE-----\n\n!!!!\n-----END PGP SIGNATURE-----',
      '-----BEGIN PGP SIGNATURE-----\n\nwsBcBAEBCgAQBQJkAAAAAAkQAAAAAAAAAAAAAA==\n=AAAA\n-----END PGP SIGNATURE-----',
      `-----BEGIN PGP SIGNATURE-----\n\n${'A'.repeat(70_000)}\n-----END PGP SIGNATURE-----`,
    ]) {
      expect(provenanceKeyId(text)).toBeNull();
    }
    expect(
      dearmorSignature('-----BEGIN PGP SIGNATURE-----\n\n\n-----END PGP SIGNATURE-----'),
    ).toBeNull();
  });
});
