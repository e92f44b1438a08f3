import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../types/errors';

/** Beside manifest.json in every bundle: an Ed25519 signature over manifest.json's exact bytes (which hold every file's sha256). */
export const SIGNATURE_FILE = 'manifest.sig';

export interface BundleSignature {
  format: 'jointscore-signature';
  algorithm: 'ed25519';
  /** The first 16 hex digits of the sha256 of the raw 32-byte public key. */
  keyId: string;
  /** The raw 32-byte public key, base64. */
  publicKey: string;
  /** The signature of manifest.json, base64. */
  signature: string;
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo: the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function rawPublicKey(key: KeyObject): Buffer {
  const der = key.export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32);
}

export function keyIdOf(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

/**
 * A public key as the user writes it for `--trust`: the raw key in base64 (what `jointscore
 * signing-key` prints), optionally prefixed `ed25519:`, or a PEM public key — or a file holding one.
 */
export function parsePublicKey(text: string): KeyObject {
  let t = text.trim();
  if (!t.startsWith('-----') && !/^(ed25519:)?[A-Za-z0-9+/]{43}=$/.test(t) && fs.existsSync(t)) t = fs.readFileSync(t, 'utf8').trim();
  try {
    if (t.startsWith('-----BEGIN PUBLIC KEY-----')) return createPublicKey(t);
    const raw = Buffer.from(t.replace(/^ed25519:/, ''), 'base64');
    if (raw.length !== 32) throw new Error('not 32 bytes');
    return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    throw new AppError('INVALID_ARGUMENT', `'${text.slice(0, 60)}' is not an Ed25519 public key: give the base64 key that \`jointscore signing-key\` prints (44 characters), a PEM public key, or a file with one.`, { option: 'trust', expected: 'an Ed25519 public key (base64 or PEM)', got: text.slice(0, 60) });
  }
}

export function signManifest(manifestBytes: Buffer, privateKeyPem: string): BundleSignature {
  const privateKey = createPrivateKey(privateKeyPem);
  const raw = rawPublicKey(createPublicKey(privateKey));
  return {
    format: 'jointscore-signature', algorithm: 'ed25519', keyId: keyIdOf(raw), publicKey: raw.toString('base64'),
    signature: sign(null, manifestBytes, privateKey).toString('base64'),
  };
}

function refuse(file: string, message: string, expected: string, got: string): never {
  throw new AppError('SIGNATURE_REFUSED', message, { file, expected, got });
}

/**
 * Checks a bundle's signature before anything in it is read or run: manifest.sig must exist, be
 * made by one of the trusted keys, and match manifest.json's bytes. (The manifest's sha256 of
 * every file is checked next, by verifyBundle.) Returns the signing key's id.
 */
export function verifyBundleSignature(dir: string, trusted: readonly KeyObject[]): string {
  const sigFile = path.join(dir, SIGNATURE_FILE), manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(sigFile)) refuse(sigFile, `${dir} is not signed (no ${SIGNATURE_FILE}): the RTA server runs only bundles signed by a workbench key it trusts. Re-export it with this version of Jointscore.`, 'a signed bundle', 'no signature');
  let sig: BundleSignature;
  try { sig = JSON.parse(fs.readFileSync(sigFile, 'utf8')) as BundleSignature; } catch { refuse(sigFile, `${sigFile} is not a Jointscore signature (not JSON).`, 'a jointscore-signature JSON file', 'unreadable'); }
  if (sig.format !== 'jointscore-signature' || sig.algorithm !== 'ed25519' || typeof sig.signature !== 'string' || typeof sig.publicKey !== 'string') {
    refuse(sigFile, `${sigFile} is not an Ed25519 Jointscore signature.`, 'format jointscore-signature, algorithm ed25519', `${String(sig.format)}/${String(sig.algorithm)}`);
  }
  const trustedIds = trusted.map((k) => keyIdOf(rawPublicKey(k)));
  const at = trustedIds.indexOf(keyIdOf(Buffer.from(sig.publicKey, 'base64')));
  if (at < 0) refuse(sigFile, `${dir} is signed by key ${sig.keyId}, which this server does not trust (trusted: ${trustedIds.join(', ') || 'none'}). Trust the exporting workbench's key.`, `a key among ${trustedIds.join(', ') || 'none'}`, sig.keyId);
  if (!fs.existsSync(manifestFile) || !verify(null, fs.readFileSync(manifestFile), trusted[at]!, Buffer.from(sig.signature, 'base64'))) {
    refuse(manifestFile, `${manifestFile} does not match its signature: the bundle was changed after it was signed.`, `manifest.json as signed by key ${sig.keyId}`, 'a different manifest');
  }
  return trustedIds[at]!;
}
