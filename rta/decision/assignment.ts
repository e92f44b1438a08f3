import type { DeviceIdField, RtaDevice } from '../protocol/rta-message';
import { lookupKey } from './decide-request';

/**
 * The key a user is assigned to champion or challenger by: the first device id present in lookup
 * order, as it is looked up (so the same person sending the same id always lands in the same arm).
 */
export function assignmentKey(device: RtaDevice, order: readonly DeviceIdField[]): string | null {
  for (const f of order) {
    const v = device[f];
    if (v) return lookupKey(f, v);
  }
  return null;
}

/**
 * A key's place in [0, 1): FNV-1a over its characters, finished by MurmurHash3's fmix32 (so
 * keys that differ in one character land far apart), salted so it is unrelated to any other
 * hash of the same id. No seed: the same key gets the same place in every process and restart.
 */
export function assignmentPoint(key: string): number {
  let h = 0x811c9dc5;
  const salted = `jointscore/challenger/${key}`;
  for (let i = 0; i < salted.length; i++) { h ^= salted.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Whether the challenger answers this device: its key's place is below the share (no key: the champion). */
export function inChallenger(device: RtaDevice, order: readonly DeviceIdField[], share: number): boolean {
  const key = assignmentKey(device, order);
  return key !== null && assignmentPoint(key) < share;
}
