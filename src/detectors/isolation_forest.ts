import { DetectorDefinition } from './detector';
import { commonParams } from './params';

// PLACEHOLDER: replaced by the real detector.
export const isolationForest: DetectorDefinition = {
  id: 'isolation_forest',
  name: 'isolation_forest',
  description: 'not implemented yet',
  multivariate: true,
  params: commonParams(),
  warmup: () => 0,
  detectGroup: () => {
    throw new Error('not implemented');
  },
};
