/**
 * Series names as the backend gives them (pkg/frames/series.go Legend): a Prometheus-style legend format
 * ("{{instance}} {{job}}"), or with an empty format the metric name and its labels, or the expression when the
 * series has no labels. The same names as a panel shows.
 */
export function legend(format: string | undefined, labels: Record<string, string>, expr: string): string {
  if (!format || !format.trim() || format === '__auto') {
    return seriesName(labels, expr);
  }
  let out = '';
  let rest = format;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) {
      return out + rest;
    }
    const close = rest.indexOf('}}', open);
    if (close < 0) {
      return out + rest;
    }
    out += rest.slice(0, open) + (labels[rest.slice(open + 2, close).trim()] ?? '');
    rest = rest.slice(close + 2);
  }
}

function seriesName(labels: Record<string, string>, expr: string): string {
  const keys = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort();
  const name = labels.__name__ ?? '';
  if (!keys.length) {
    return name || expr;
  }
  return `${name}{${keys.map((k) => `${k}="${labels[k]}"`).join(', ')}}`;
}
