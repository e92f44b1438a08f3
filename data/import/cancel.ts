import { AppError } from '../../types/errors';

export function cancelled(): AppError {
  return new AppError('CANCELLED', 'Cancelled; nothing was written.', {});
}
