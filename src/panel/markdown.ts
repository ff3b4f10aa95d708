import DOMPurify from 'dompurify';
import { Marked, Tokens } from 'marked';

/** Tags an explanation may use: text structure only (no images, media, forms, scripts, styles or raw HTML). */
const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'a',
  'del',
];

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Markdown from an LLM (or the template) to HTML that is safe to insert: marked (the parser @grafana/data uses)
 * with raw HTML written out as text and images replaced by their alt text (no remote images: they would call
 * out of the browser), then DOMPurify with an allowlist of text tags; links keep only http(s) targets and open
 * in a new tab without a referrer.
 */
export function renderSafeMarkdown(markdown: string): string {
  const marked = new Marked({
    gfm: true,
    breaks: false,
    async: false,
    renderer: {
      html: (token: Tokens.HTML | Tokens.Tag) => escapeHtml(token.text),
      image: (token: Tokens.Image) => escapeHtml(token.text || ''),
    },
  });
  const html = marked.parse(markdown) as string;
  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!/^https?:\/\//i.test(href)) {
        node.removeAttribute('href');
      }
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
  return purify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR: ['href', 'title', 'target', 'rel'] });
}
