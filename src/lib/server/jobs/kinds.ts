import { anthologyJob } from '../essays/anthology/job';
import { similarityJob } from '../essays/similarity/job';
import { certificatesJob } from '../certificates/job';
import { exportJob } from '../exports/job';
import { slipsJob } from '../slips/job';
import type { JobKind } from './queue';

/** Every kind of background job the app runs; each process registers all of them. */
export const JOB_KINDS: JobKind[] = [slipsJob, certificatesJob, similarityJob, exportJob, anthologyJob];
