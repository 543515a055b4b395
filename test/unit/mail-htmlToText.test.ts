import { describe, expect, it } from 'vitest';
import { decodeHtmlEntities, htmlToPlainText } from '../../mail/htmlToText';
import { cpuMillis } from '../support/cpuTime';

describe('htmlToPlainText', () => {
  const cases = [
    { name: 'drops scripts and styles', given: '<style>b{}</style><p>hi</p><script>alert(1)</script>', expect: 'hi' },
    { name: 'drops an unclosed script to the end', given: '<p>before</p><script>evil()', expect: 'before' },
    { name: 'drops comments and the head', given: '<head><title>t</title></head><!-- c --><div>body</div>', expect: 'body' },
    { name: 'breaks lines at <br> and block elements', given: '第一行<br>第二行<div>第三行</div><p>第四行</p>', expect: '第一行\n第二行\n第三行\n第四行' },
    { name: 'keeps a blank Outlook paragraph as a blank line', given: '<p>a</p><p>&nbsp;</p><p>b</p>', expect: 'a\n\nb' },
    { name: 'lists become dashes', given: '<ul><li>one</li><li>two</li></ul>', expect: '- one\n- two' },
    { name: 'table cells are spaced, rows broken', given: '<table><tr><td>型号</td><td>HP</td></tr><tr><td>楼层</td><td>3</td></tr></table>', expect: '型号 HP\n楼层 3' },
    { name: 'collapses source whitespace', given: '<p>a\n   b\t c</p>', expect: 'a b c' },
    { name: 'a ">" inside an attribute does not end the tag', given: '<a title="x > y" href="#">link</a>', expect: 'link' },
    { name: 'escaped markup stays literal text', given: '&lt;script&gt;alert(1)&lt;/script&gt;', expect: '<script>alert(1)</script>' },
    { name: 'entity-encoded tags are not dropped as tags', given: '<p>1 &lt; 2 &amp;&amp; 3 &gt; 2</p>', expect: '1 < 2 && 3 > 2' },
    { name: 'decodes named entities of every language', given: '<p>Sehr geehrter Herr M&uuml;ller,</p><p>Gr&uuml;&szlig;e aus Espa&ntilde;a</p>', expect: 'Sehr geehrter Herr Müller,\nGrüße aus España' },
  ];
  it.each(cases)('$name', ({ given, expect: want }) => {
    expect(htmlToPlainText(given)).toBe(want);
  });
});

describe('decodeHtmlEntities', () => {
  const cases = [
    { given: '&amp;&lt;&gt;&quot;&#39;', expect: '&<>"\'' },
    { given: '&#x4E2D;&#25991;', expect: '中文' },
    { given: '&#x1F600;', expect: '😀' },
    { given: '&copy; &hellip; &ldquo;x&rdquo;', expect: '© … “x”' },
    { given: '&unknownentity;', expect: '&unknownentity;' },
    { given: '&#0;&#xD800;&#1;', expect: '' },
    // Every HTML5 named reference, case-sensitive as in HTML, not a short hand-written list.
    { given: 'Gr&uuml;&szlig;e, Espa&ntilde;a, &Uuml;bung', expect: 'Grüße, España, Übung' },
    { given: '&alpha;&Omega; &rarr; &hearts; &frac12; &permil; &NotNestedGreaterGreater;', expect: 'αΩ → ♥ ½ ‰ ⪢̸' },
    // Legacy references without ";" as browsers read them.
    { given: '&copy 2026 &amp co', expect: '© 2026 & co' },
    // Outlook on Windows writes windows-1252 code points as numeric references; HTML5 maps them.
    { given: 'it&#146;s &#147;ok&#148; &#128;5', expect: 'it’s “ok” €5' },
    { given: '&#x81;&#x110000;&#x7f;', expect: '' },
  ];
  it.each(cases)('decodes $given', ({ given, expect: want }) => {
    expect(decodeHtmlEntities(given)).toBe(want);
  });
});

describe('htmlToPlainText on hostile input', () => {
  it('converts 50 000 unclosed tags in linear time (a quadratic regex took minutes)', () => {
    const html = '<a title="x '.repeat(50_000);
    // CPU time, not wall time: other processes on the machine must not decide this.
    expect(cpuMillis(() => htmlToPlainText(html))).toBeLessThan(2000);
  });
});
