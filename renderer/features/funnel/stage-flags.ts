import type { DatasetDetail } from '../../../types/dataset';

const STAGE_WORDS = /reach|appl|prescreen|pre_screen|approv|draw|drew|disburs|loan|respon|click|convert|repurchas/i;
/** Stage flags in funnel order (reach → click → apply → pre-screen → approve → draw down → borrow again), whatever the file's column order. */
const STAGE_ORDER = [/reach/i, /click/i, /respon|convert/i, /appl/i, /prescreen|pre_screen/i, /approv/i, /draw|drew|disburs|loan/i, /repurchas/i];
const stageRank = (name: string) => { const k = STAGE_ORDER.findIndex((re) => re.test(name)); return k < 0 ? STAGE_ORDER.length : k; };

/** A dataset's funnel stage flags (two-valued columns named like a stage), in funnel order. */
export function stageFlags(dataset: DatasetDetail): string[] {
  return dataset.columns.filter((c) => (c.type === 'numeric' || c.type === 'categorical') && c.distinct <= 2 && STAGE_WORDS.test(c.name)).map((c) => c.name).sort((a, b) => stageRank(a) - stageRank(b));
}
