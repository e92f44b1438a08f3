// The boosting helper thread's own small bundle (dist/boost-helper.cjs): it starts in milliseconds,
// where the job worker's bundle takes a second to load.
import { workerData } from 'node:worker_threads';
import { serveHistogramHelper } from './histogram-helper';

serveHistogramHelper(workerData as Parameters<typeof serveHistogramHelper>[0]);
