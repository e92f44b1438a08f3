import type { Service } from '../service/create-service';
import type { Translator } from '../i18n/translate';
import type { ParsedArgs } from './args';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** What a command gets: the service, its arguments, and how this shell prints and follows jobs. */
export interface Shell {
  service: Service;
  args: ParsedArgs;
  io: Io;
  /** The language of this run's human-readable output (--lang, else the system's). */
  tr: Translator;
  /** `--json`: the value; else the sentence. */
  print: (value: unknown, text: () => string) => void;
  /** Runs a job with a progress bar on stderr and Ctrl-C to cancel it. */
  withJob: <T>(run: (jobId: string) => Promise<T>) => Promise<T>;
}
