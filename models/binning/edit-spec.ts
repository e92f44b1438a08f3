import type { BinSpec, VariableBinning } from '../../types/binning';
import { AppError } from '../../types/errors';

/** The manual edits of a binning, each a pure function from one spec to the next. */
export type BinEdit =
  | { op: 'merge'; bin: number }
  | { op: 'split'; value: number }
  | { op: 'cuts'; cuts: number[] }
  | { op: 'move'; category: string; toGroup: number | 'new' }
  | { op: 'groups'; groups: string[][] };

function invalid(message: string, expected: string, got: unknown): AppError {
  return new AppError('INVALID_ARGUMENT', message, { expected, got: String(got) });
}

export function normalizeCuts(cuts: readonly number[]): number[] {
  for (const c of cuts) if (typeof c !== 'number' || !Number.isFinite(c)) throw invalid(`Cut point ${String(c)} is not a finite number.`, 'finite numbers', c);
  return [...new Set(cuts)].sort((a, b) => a - b);
}

/** Applies one edit; throws a clear error when it does not fit the spec. */
export function applyEdit(spec: BinSpec, edit: BinEdit): BinSpec {
  if (spec.kind === 'numeric') {
    switch (edit.op) {
      case 'merge':
        if (!Number.isInteger(edit.bin) || edit.bin < 0 || edit.bin >= spec.cuts.length) throw invalid(`Cannot merge bin ${edit.bin} with the next: there are ${spec.cuts.length + 1} regular bins.`, `a bin from 0 to ${spec.cuts.length - 1}`, edit.bin);
        return { kind: 'numeric', cuts: spec.cuts.filter((_, i) => i !== edit.bin) };
      case 'split':
        return { kind: 'numeric', cuts: normalizeCuts([...spec.cuts, edit.value]) };
      case 'cuts':
        return { kind: 'numeric', cuts: normalizeCuts(edit.cuts) };
      default:
        throw invalid(`'${edit.op}' applies to categorical variables; this one is numeric.`, 'merge | split | cuts', edit.op);
    }
  }
  const groups = spec.groups.map((g) => [...g]);
  switch (edit.op) {
    case 'merge': {
      if (!Number.isInteger(edit.bin) || edit.bin < 0 || edit.bin + 1 >= groups.length) throw invalid(`Cannot merge group ${edit.bin} with the next: there are ${groups.length} groups.`, `a group from 0 to ${groups.length - 2}`, edit.bin);
      groups.splice(edit.bin, 2, [...groups[edit.bin]!, ...groups[edit.bin + 1]!]);
      return { kind: 'categorical', groups };
    }
    case 'move': {
      const from = groups.findIndex((g) => g.includes(edit.category));
      if (from < 0) throw invalid(`No group holds the category '${edit.category}'.`, 'a category of the variable', edit.category);
      if (edit.toGroup !== 'new' && (!Number.isInteger(edit.toGroup) || edit.toGroup < 0 || edit.toGroup >= groups.length)) throw invalid(`There is no group ${edit.toGroup}.`, `a group from 0 to ${groups.length - 1} or 'new'`, edit.toGroup);
      groups[from] = groups[from]!.filter((c) => c !== edit.category);
      if (edit.toGroup === 'new') groups.push([edit.category]); else groups[edit.toGroup]!.push(edit.category);
      return { kind: 'categorical', groups: groups.filter((g) => g.length > 0) };
    }
    case 'groups': {
      const before = new Set(groups.flat()), after = edit.groups.flat();
      if (after.length !== before.size || !after.every((c) => before.has(c))) throw invalid('The new groups must hold every category exactly once.', 'a partition of the categories', `${after.length} categories`);
      return { kind: 'categorical', groups: edit.groups.filter((g) => g.length > 0).map((g) => [...g]) };
    }
    default:
      throw invalid(`'${edit.op}' applies to numeric variables; this one is categorical.`, 'merge | move | groups', edit.op);
  }
}

const sameSpec = (a: BinSpec, b: BinSpec) => JSON.stringify(a) === JSON.stringify(b);

/** The history after a new spec: anything that was redoable is dropped. */
export function pushSpec(v: Pick<VariableBinning, 'history' | 'cursor' | 'auto'>, spec: BinSpec): { history: BinSpec[]; cursor: number; edited: boolean } {
  const history = [...v.history.slice(0, v.cursor + 1), spec];
  return { history, cursor: history.length - 1, edited: !sameSpec(spec, v.auto) };
}

export function moveCursor(v: Pick<VariableBinning, 'history' | 'cursor' | 'auto' | 'name'>, by: -1 | 1): { history: BinSpec[]; cursor: number; edited: boolean } {
  const cursor = v.cursor + by;
  if (cursor < 0 || cursor >= v.history.length) throw new AppError('INVALID_ARGUMENT', `Nothing to ${by < 0 ? 'undo' : 'redo'} for '${v.name}'.`, { expected: by < 0 ? 'an earlier edit' : 'an undone edit' });
  return { history: v.history, cursor, edited: !sameSpec(v.history[cursor]!, v.auto) };
}
