import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, html, SafeHtml } from './html';

describe('escapeHtml', () => {
  it('escapes the five markup characters', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('leaves other text, Unicode included, as it is', () => {
    assert.equal(escapeHtml('Zürich, 1600 Amphitheatre Pkwy € ¥'), 'Zürich, 1600 Amphitheatre Pkwy € ¥');
  });
});

describe('html', () => {
  it('escapes every interpolated string', () => {
    const street = '<script>alert(1)</script>';
    assert.equal(html`<p>${street}</p>`.toString(), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('escapes quotes inside attribute values', () => {
    const title = '" onmouseover="alert(1)';
    assert.equal(html`<td title="${title}">`.toString(), '<td title="&quot; onmouseover=&quot;alert(1)">');
  });

  it('inserts nested html output without escaping it again', () => {
    const inner = html`<b>${'a & b'}</b>`;
    assert.equal(html`<p>${inner}</p>`.toString(), '<p><b>a &amp; b</b></p>');
  });

  it('renders arrays element by element, each escaped', () => {
    const rows = ['<1>', '<2>'].map((value) => html`<li>${value}</li>`);
    assert.equal(
      html`<ul>${rows}${['<raw>']}</ul>`.toString(),
      '<ul><li>&lt;1&gt;</li><li>&lt;2&gt;</li>&lt;raw&gt;</ul>',
    );
  });

  it('renders numbers as text and null, undefined and false as nothing', () => {
    assert.equal(html`${3}|${0}|${null}|${undefined}|${false}|${true}`.toString(), '3|0||||true');
  });

  it('returns SafeHtml, and a plain object that claims to be markup is still escaped', () => {
    const fake = { toString: () => '<i>' };
    const result = html`${fake}`;
    assert.ok(result instanceof SafeHtml);
    assert.equal(result.toString(), '&lt;i&gt;');
  });
});
