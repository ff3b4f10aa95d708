import { DetectorDefinition } from './detector';
import { commonParams } from './params';

// PLACEHOLDER: replaced by the real detector.
export const ensemble: DetectorDefinition = {
  id: 'ensemble',
  name: 'ensemble',
  description: 'not implemented yet',
  multivariate: false,
  params: commonParams(),
  warmup: () => 0,
  detect: () => {
    throw new Error('not implemented');
  },
};
