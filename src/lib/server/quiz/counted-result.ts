export { recordResult } from './results';
