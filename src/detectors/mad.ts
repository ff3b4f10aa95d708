import { DetectorDefinition } from './detector';
import { commonParams } from './params';

// PLACEHOLDER: replaced by the real detector.
export const MAD: DetectorDefinition = {
  id: 'mad',
  name: 'mad',
  description: 'not implemented yet',
  multivariate: false,
  params: commonParams(),
  warmup: () => 0,
  detect: () => {
    throw new Error('not implemented');
  },
};
