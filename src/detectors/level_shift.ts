import { DetectorDefinition } from './detector';
import { commonParams } from './params';

// PLACEHOLDER: replaced by the real detector.
export const levelShift: DetectorDefinition = {
  id: 'level_shift',
  name: 'level_shift',
  description: 'not implemented yet',
  multivariate: false,
  params: commonParams(),
  warmup: () => 0,
  detect: () => {
    throw new Error('not implemented');
  },
};
