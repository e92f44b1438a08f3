// The CSV part helper thread's own small bundle (dist/csv-part-helper.cjs): it starts in
// milliseconds, where the job worker's bundle takes a second to load.
import { serveCsvPartHelper } from './csv-part-helper';

serveCsvPartHelper();
