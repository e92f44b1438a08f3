import type { WireError } from '../../types/errors';

/** What a person reads when an error arrives without a sentence (never an empty banner). */
const FALLBACK: Record<string, string> = {
  WORKSPACE_BUSY: 'The workspace is busy: another process or a long job is writing to it. Try again when it has finished.',
  FILE_NOT_FOUND: 'A file could not be found.',
  PERMISSION_DENIED: 'A file or folder could not be read or written: permission denied.',
  PATH_NOT_ALLOWED: 'The app may only use files you choose with Browse… (or inside the folders it was started on).',
};

/** Shows an error with its code and location (file, line, column), and a way to dismiss it. */
export function ErrorBanner({ error, onClose }: { error: WireError | null; onClose?: () => void }) {
  if (!error) return null;
  const d = error.details ?? {};
  const where = [d.file, d.line !== undefined ? `line ${String(d.line)}` : d.row !== undefined ? `row ${String(d.row)}` : null, d.column ? `column ${String(d.column)}` : null].filter(Boolean).join(' · ');
  return (
    <div className="error-banner" role="alert">
      <div>
        <strong>{error.message.trim() || FALLBACK[error.code] || `The operation failed (${error.code}).`}</strong>
        {where && <div className="muted small">{where}{d.expected ? ` — expected ${String(d.expected)}` : ''}</div>}
        <div className="muted small">code {error.code}</div>
      </div>
      {onClose && <button className="ghost" onClick={onClose} aria-label="Dismiss">✕</button>}
    </div>
  );
}

export function toWire(err: unknown): WireError {
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const e = err as { code: WireError['code']; message: string; details?: WireError['details'] };
    return { code: e.code, message: e.message, details: e.details ?? {} };
  }
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err), details: {} };
}
