/** @jest-environment node */
import { promDuration, rateIntervalMs } from './rateInterval';

describe('rateIntervalMs', () => {
  it('is at least four scrape intervals', () => {
    expect(rateIntervalMs(15_000)).toBe(60_000);
    expect(rateIntervalMs(undefined)).toBe(60_000);
  });
  it('is the interval plus one scrape interval for wide intervals', () => {
    expect(rateIntervalMs(300_000)).toBe(315_000);
  });
  it('formats as a PromQL duration', () => {
    expect(promDuration(60_000)).toBe('1m');
    expect(promDuration(75_000)).toBe('75s');
    expect(promDuration(7_200_000)).toBe('2h');
  });
});
