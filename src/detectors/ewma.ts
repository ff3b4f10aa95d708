import { DetectorDefinition } from './detector';
import { commonParams } from './params';

// PLACEHOLDER: replaced by the real detector.
export const ewma: DetectorDefinition = {
  id: 'ewma',
  name: 'ewma',
  description: 'not implemented yet',
  multivariate: false,
  params: commonParams(),
  warmup: () => 0,
  detect: () => {
    throw new Error('not implemented');
  },
};
