import { generateKeyPairSync, createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { keyIdOf, rawPublicKey } from '../../data/bundle/bundle-signature';
import { AppError } from '../../types/errors';

export interface SigningKeyInfo {
  /** The private key file (PKCS#8 PEM, readable by its owner only). */
  file: string;
  keyId: string;
  /** The raw public key, base64: what `rta serve --trust` takes. */
  publicKey: string;
}

export function signingKeyFile(settingsDir: string): string {
  return path.join(settingsDir, 'keys', 'bundle-signing-ed25519.pem');
}

function describe(file: string): SigningKeyInfo {
  const raw = rawPublicKey(createPublicKey(createPrivateKey(fs.readFileSync(file, 'utf8'))));
  return { file, keyId: keyIdOf(raw), publicKey: raw.toString('base64') };
}

/** This workbench's bundle-signing key, if it has one yet. Refuses a key file others can read. */
export function existingSigningKey(settingsDir: string): SigningKeyInfo | null {
  const file = signingKeyFile(settingsDir);
  if (!fs.existsSync(file)) return null;
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) {
    throw new AppError('INVALID_ARGUMENT', `${file} can be read by other users of this machine; a signing key must be readable by its owner only (chmod 600).`, { file, expected: 'mode 600', got: (fs.statSync(file).mode & 0o777).toString(8) });
  }
  return describe(file);
}

/** The signing key, created on first use (Ed25519, owner-only file in the app's settings folder). */
export function signingKey(settingsDir: string): SigningKeyInfo {
  const found = existingSigningKey(settingsDir);
  if (found) return found;
  const file = signingKeyFile(settingsDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return describe(file);
}
