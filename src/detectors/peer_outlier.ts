import { DetectorDefinition } from './detector';
import { commonParams } from './params';

// PLACEHOLDER: replaced by the real detector.
export const peerOutlier: DetectorDefinition = {
  id: 'peer_outlier',
  name: 'peer_outlier',
  description: 'not implemented yet',
  multivariate: true,
  params: commonParams(),
  warmup: () => 0,
  detectGroup: () => {
    throw new Error('not implemented');
  },
};
