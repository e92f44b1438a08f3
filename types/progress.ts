/** A progress event of a long job. `total = 0` means the total is not known yet. */
export interface Progress {
  /** The job this event belongs to. */
  id: string;
  /** A short machine name of the current step, e.g. 'read', 'profile', 'commit'. */
  phase: string;
  done: number;
  total: number;
  message: string;
  /** Figures of the step for live charts, e.g. { loss, valLoss, valAuc } of a training epoch. */
  metrics?: Record<string, number>;
}

/** What a long computation receives: a cancellation flag it checks between steps, and a progress sink. */
export interface JobControls {
  signal: { readonly aborted: boolean };
  onProgress: (p: Omit<Progress, 'id'>) => void;
}

export const NO_CONTROLS: JobControls = {
  signal: { aborted: false },
  onProgress: () => {},
};
