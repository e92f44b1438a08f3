import type { JobControls } from '../../types/progress';
import { psiApply } from './psi-apply';
import { psiFinish, psiRespond, psiStart, type BlindMany, type PsiApplyRequest, type PsiFinishRequest, type PsiRespondRequest, type PsiStartRequest, type PsiStepResult } from './psi-steps';

/** One step of the private set intersection, as a job runs it. */
export type PsiJob =
  | ({ step: 'start' } & PsiStartRequest)
  | ({ step: 'respond' } & PsiRespondRequest)
  | ({ step: 'finish' } & PsiFinishRequest)
  | ({ step: 'apply' } & PsiApplyRequest);

export function runPsi(job: PsiJob, controls: JobControls, blind: BlindMany): Promise<PsiStepResult> {
  if (job.step === 'start') return psiStart(job, controls, blind);
  if (job.step === 'respond') return psiRespond(job, controls, blind);
  if (job.step === 'finish') return psiFinish(job, controls, blind);
  return psiApply(job, controls);
}
