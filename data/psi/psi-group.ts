import crypto from 'node:crypto';

/**
 * The group of the private set intersection: X25519 (RFC 7748) through node:crypto (OpenSSL,
 * native). Clamped scalars are multiples of the cofactor, so every blinded value lies in a
 * prime-order subgroup, and X25519(b, X25519(a, u)) = X25519(a, X25519(b, u)): blinding commutes.
 * An id maps to the group as the SHA-256 of a domain tag, its kind and the normalized id (the top
 * bit cleared, as RFC 7748 ignores it) — SecretFlow's ECDH-PSI construction on Curve25519.
 * Chosen by speed on this machine (bench/RESULTS.md, psi): libsodium's ristretto255 in WebAssembly
 * and @noble/curves in JavaScript blind 3–20 times slower.
 */
export const PSI_GROUP = 'x25519';
/** How ids become group elements; a file made another way is refused. */
export const PSI_HASH = 'sha256-v1';
export const POINT_BYTES = 32;

const TAG = 'jointscore-psi/v1\0';

/** The group element of a normalized id of a kind. */
export function hashToGroup(kind: string, id: string, out: Uint8Array, at: number): void {
  const d = crypto.createHash('sha256').update(TAG).update(kind).update('\0').update(id).digest();
  d[31]! &= 0x7f;
  out.set(d, at);
}

/** A party's secret scalar (X25519 private key) and its public half, both 32 bytes. */
export interface PsiScalar { d: Uint8Array; x: Uint8Array }

/** A fresh secret scalar. */
export function newScalar(): PsiScalar {
  const jwk = crypto.generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' });
  return { d: Buffer.from(jwk.d!, 'base64url'), x: Buffer.from(jwk.x!, 'base64url') };
}

/**
 * Blinds elements with a scalar: in[k·32…] → out[k·32…] for k in [from, to). Keys are imported as
 * JWK (several times faster in Node than DER). An element whose blinding is the identity (a
 * small-order input: never a hashed id in practice) is refused.
 */
export function blinder(scalar: PsiScalar): (input: Uint8Array, output: Uint8Array, from: number, to: number) => void {
  const privateKey = crypto.createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: Buffer.from(scalar.d).toString('base64url'), x: Buffer.from(scalar.x).toString('base64url') }, format: 'jwk' });
  return (input, output, from, to) => {
    for (let k = from; k < to; k++) {
      const u = Buffer.from(input.buffer, input.byteOffset + k * POINT_BYTES, POINT_BYTES);
      const publicKey = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: u.toString('base64url') }, format: 'jwk' });
      output.set(crypto.diffieHellman({ privateKey, publicKey }), k * POINT_BYTES);
    }
  };
}
