import { parser } from '@prometheus-io/lezer-promql';

/** What a PromQL expression reads: its metric names, functions and label matchers, in order of appearance. */
export interface PromQLParts {
  metrics: string[];
  functions: string[];
  matchers: Array<{ label: string; op: string; value: string }>;
}

/**
 * Parses PromQL with Prometheus's own Lezer grammar (@prometheus-io/lezer-promql, the parser Grafana's Prometheus
 * editor uses) and collects the metric names (vector selectors' identifiers and `__name__` matchers), function
 * names and label matchers. Never throws: a syntax error leaves the parts that did parse.
 *
 * @example
 * promqlParts('sum by (route) (rate(http_requests_total{status=~"5.."}[5m]))')
 * // → { metrics: ['http_requests_total'], functions: ['rate'], matchers: [{ label: 'status', op: '=~', value: '5..' }] }
 */
export function promqlParts(expr: string): PromQLParts {
  const parts: PromQLParts = { metrics: [], functions: [], matchers: [] };
  if (!expr) {
    return parts;
  }
  const text = (from: number, to: number) => expr.slice(from, to);
  const cursor = parser.parse(expr).cursor();
  do {
    const { name, from, to } = cursor;
    if (name === 'Identifier' && cursor.node.parent?.name === 'VectorSelector') {
      add(parts.metrics, text(from, to));
    } else if (name === 'FunctionIdentifier') {
      add(parts.functions, text(from, to));
    } else if (name === 'UnquotedLabelMatcher' || name === 'QuotedLabelMatcher') {
      const m = matcher(cursor.node, text);
      if (m) {
        parts.matchers.push(m);
        if (m.label === '__name__' && m.op === '=') {
          add(parts.metrics, m.value);
        }
      }
    }
  } while (cursor.next());
  return parts;
}

function add(list: string[], value: string) {
  if (value && !list.includes(value)) {
    list.push(value);
  }
}

type SyntaxNode = ReturnType<ReturnType<typeof parser.parse>['resolve']>;

function matcher(node: SyntaxNode, text: (from: number, to: number) => string) {
  const label = node.getChild('LabelName') ?? node.getChild('QuotedLabelName');
  const op = node.getChild('MatchOp');
  const value = node.getChild('StringLiteral');
  if (!label || !op || !value) {
    return undefined;
  }
  return {
    label: unquote(text(label.from, label.to)),
    op: text(op.from, op.to),
    value: unquote(text(value.from, value.to)),
  };
}

function unquote(s: string): string {
  if (s.length >= 2 && /^["'`]/.test(s) && s.endsWith(s[0])) {
    try {
      return s[0] === '"' ? JSON.parse(s) : s.slice(1, -1);
    } catch {
      return s.slice(1, -1);
    }
  }
  return s;
}
