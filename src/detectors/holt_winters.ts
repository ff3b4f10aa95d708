import { DetectorDefinition } from './detector';
import { commonParams } from './params';

// PLACEHOLDER: replaced by the real detector.
export const holtWinters: DetectorDefinition = {
  id: 'holt_winters',
  name: 'holt_winters',
  description: 'not implemented yet',
  multivariate: false,
  params: commonParams(),
  warmup: () => 0,
  detect: () => {
    throw new Error('not implemented');
  },
};
