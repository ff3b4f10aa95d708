/** The id saved in panel JSON; never change it, or saved panels lose the transformation. */
export const ANOMALY_TRANSFORMATION_ID = 'vigil-anomaly-detection';
