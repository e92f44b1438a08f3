import type { Method } from '../contract';

/**
 * Every argument that names a file or folder, per operation, in one place: the service checks each
 * against the file policy before the operation runs (the workspace argument of every operation is
 * checked too). A feature snapshot may name a workspace's dataset as `file.jsw#dataset`.
 */
export const PATH_ARGS: { readonly [M in Method]?: readonly string[] } = {
  'workspace.create': ['path'],
  'workspace.open': ['path'],
  'files.list': ['dir'],
  'import.preview': ['file', 'secretFile'],
  'import.run': ['file', 'secretFile'],
  'pseudonymize.run': ['input', 'output', 'secretFile'],
  'psi.start': ['input', 'out', 'secretOut'],
  'psi.respond': ['request', 'input', 'out', 'secretOut'],
  'psi.finish': ['state', 'response', 'out', 'revealOut'],
  'psi.apply': ['state', 'matches', 'reveal', 'input', 'out'],
  'audit.export': ['out'],
  'export.bundle': ['out', 'partnerOut'],
  'export.score': ['bundle', 'input', 'out'],
  'demo.generate': ['out'],
  'demo.openSession': ['dir'],
  'demo.bundle': ['out', 'featuresOut', 'sessionDir'],
  'rta.start': ['bundle', 'features'],
  'secret.generate': ['path'],
};

/** The file part of a path argument (a snapshot's `file.jsw#dataset` names the workspace file). */
export function filePart(value: string): string {
  const hash = value.lastIndexOf('#');
  return hash > 0 && /\.jsw$/i.test(value.slice(0, hash)) ? value.slice(0, hash) : value;
}

/** The paths an operation's arguments name, each with the argument it came in. */
export function pathsOf(method: Method, args: Record<string, unknown>): { option: string; value: string }[] {
  const names = [...(PATH_ARGS[method] ?? []), 'workspace'];
  return names.flatMap((option) => {
    const v = args[option];
    return typeof v === 'string' && v.length > 0 ? [{ option, value: filePart(v) }] : [];
  });
}
