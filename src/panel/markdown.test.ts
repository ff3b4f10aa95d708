import { renderSafeMarkdown } from './markdown';

describe('renderSafeMarkdown', () => {
  it('renders the note structure', () => {
    const html = renderSafeMarkdown('**Summary.** Latency doubled.\n\n- one `code`\n- two\n\n1. check traces');
    expect(html).toContain('<strong>Summary.</strong>');
    expect(html).toContain('<li>one <code>code</code></li>');
    expect(html).toContain('<ol>');
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>hello'],
    ['an inline event handler', '<img src=x onerror=alert(1)>'],
    ['a remote image', '![logo](https://evil.example/pixel.png)'],
    ['a reference-style image', '![x][1]\n\n[1]: https://evil.example/p.png'],
    ['a javascript: link', '[click](javascript:alert(1))'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>'],
    ['a style tag', '<style>body{display:none}</style>'],
    ['an HTML comment trick', '<!--><img src=x onerror=alert(1)>-->'],
  ])('neutralises %s', (_name, markdown) => {
    const div = document.createElement('div');
    div.innerHTML = renderSafeMarkdown(markdown);
    expect(div.querySelectorAll('script, img, iframe, style, object, embed, svg')).toHaveLength(0);
    for (const el of Array.from(div.querySelectorAll('*'))) {
      expect(el.getAttributeNames().filter((a) => a.startsWith('on') || a === 'src' || a === 'style')).toEqual([]);
      expect(el.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
    }
  });

  it('shows raw HTML as text rather than dropping it silently', () => {
    expect(renderSafeMarkdown('<b>bold?</b>')).toContain('&lt;b&gt;bold?&lt;/b&gt;');
  });

  it('keeps http links, opening in a new tab without a referrer', () => {
    const html = renderSafeMarkdown('[runbook](https://runbooks.example/latency)');
    expect(html).toContain('href="https://runbooks.example/latency"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });
});
