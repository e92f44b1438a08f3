import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BundleInput, BundleManifest } from '../../types/bundle';
import { AppError } from '../../types/errors';
import { dynamicImport } from '../compute/dynamic-import';

/** What scorer.mjs exports. */
/** A reason code with the characteristic it stands for and the attribute (bin) the record fell in. */
export interface NamedReason {
  code: string;
  characteristic: string;
  attribute: string;
}

export interface BundleScorer {
  score: (record: Record<string, unknown>) => { score: number; points: Record<string, number>; reasonCodes: string[]; reasons: NamedReason[]; decision: { bid: boolean; coefficient: number; cell: [number, number] } | null; scores: Record<string, number> };
  scoreValue: (record: Record<string, unknown>) => number;
  meta: { primary: string; cards: { key: string; modelId: number; column?: string; inputs: string[] }[]; strategy: boolean };
}

/** Reads a bundle's manifest and checks every file against its sha256: a changed or missing file is refused, by name. */
export function verifyBundle(dir: string): BundleManifest {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', `${dir} is not an export bundle: it has no manifest.json.`, { file, expected: 'a folder written by jointscore export' });
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BundleManifest;
  } catch (e) {
    throw new AppError('UNSUPPORTED_FORMAT', `${file} is not valid JSON: ${(e as Error).message}.`, { file, expected: 'the manifest of a bundle' });
  }
  if (manifest.format !== 'jointscore-bundle' || manifest.formatVersion !== 1 || !Array.isArray(manifest.files)) {
    throw new AppError('UNSUPPORTED_FORMAT', `${file} is not a bundle manifest this version reads (format ${String(manifest.format)} ${String(manifest.formatVersion)}).`, { file, expected: 'jointscore-bundle format 1' });
  }
  for (const f of manifest.files) {
    const p = path.join(dir, f.path);
    if (!fs.existsSync(p)) throw new AppError('FILE_NOT_FOUND', `The bundle lacks ${f.path}, which its manifest lists.`, { file: p });
    const got = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    if (got !== f.sha256) throw new AppError('HASH_MISMATCH', `${f.path} in ${dir} was changed after export: its sha256 is ${got}, the manifest says ${f.sha256}. Export the bundle again.`, { file: p, expected: f.sha256, got });
  }
  return manifest;
}

/** Verifies the bundle, then loads its scorer.mjs. */
export async function loadBundleScorer(dir: string): Promise<{ manifest: BundleManifest; scorer: BundleScorer }> {
  const manifest = verifyBundle(dir);
  const url = pathToFileURL(path.resolve(dir, 'scorer.mjs'));
  // A query per content hash: a re-exported bundle in the same folder is loaded anew.
  url.search = `sha256=${manifest.files.find((f) => f.path === 'scorer.mjs')?.sha256 ?? ''}`;
  const scorer = await dynamicImport<BundleScorer>(url.href);
  return { manifest, scorer };
}

/** The positions of the bundle's inputs in a header: every input must be there, by name. */
export function inputPositions(header: string[], inputs: readonly BundleInput[], file: string): number[] {
  return inputs.map((inp) => {
    const k = header.indexOf(inp.name);
    if (k < 0) throw new AppError('INVALID_ARGUMENT', `${file} has no column '${inp.name}', an input of the bundle (${inp.type}, ${inp.party ?? 'any party'}).`, { file, column: inp.name, expected: `the columns ${inputs.map((x) => x.name).join(', ')}` });
    return k;
  });
}
