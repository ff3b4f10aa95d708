/**
 * @jest-environment node
 */
import { legend } from './legend';

// The cases of pkg/frames/legend_test.go: the command line names series as the backend does.
describe('legend', () => {
  const labels = { __name__: 'http_requests_total', job: 'api', instance: 'a:9100' };
  it.each([
    ['', 'http_requests_total{instance="a:9100", job="api"}'],
    ['{{instance}}', 'a:9100'],
    ['{{ job }} on {{instance}}', 'api on a:9100'],
    ['{{missing}}-x', '-x'],
    ['unclosed {{job', 'unclosed {{job'],
  ])('%j → %s', (format, want) => {
    expect(legend(format, labels, 'expr')).toBe(want);
  });
  it('names a series without labels by its expression', () => {
    expect(legend('', {}, 'sum(rate(x[5m]))')).toBe('sum(rate(x[5m]))');
  });
});
