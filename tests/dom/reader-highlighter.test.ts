// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { compileIndex } from '../../src/core/compiled';
import { Matcher, scanTexts } from '../../src/core/matcher';
import type { Entry } from '../../src/core/types';
import { annotatePass, CLAIM_REQUEST_CHARS, type Engine, newPageState } from '../../content-scripts/annotator';
import { Highlighter } from '../../content-scripts/highlighter';
import { findArticleRoot, readBlocks } from '../../content-scripts/reader';
import { Slicer } from '../../content-scripts/schedule';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

const ENTRIES: Entry[] = [
  { id: 'vladimir-putin', kind: 'person', name: 'Vladimir Putin', aliases: ['Vladimir Putin', { text: 'Putin', case: 'exact' }], summary: 'Test person entry.', sources: [], asOf: '2025-01-01' },
  { id: 'nato', kind: 'organisation', name: 'NATO', aliases: [{ text: 'NATO', case: 'exact' }], summary: 'Test organisation entry.', sources: [], asOf: '2025-01-01' },
  { id: 'kyiv', kind: 'place', name: 'Kyiv', aliases: ['Kyiv'], summary: 'Test place entry.', sources: [], asOf: '2025-01-01' },
];
const index = compileIndex(ENTRIES);
const matcher = new Matcher(index);
const engine: Engine = { entries: index.entries, scan: async (texts, base) => scanTexts(matcher, texts, base) };

async function annotate(options = { everyMention: false, kinds: DEFAULT_SETTINGS.kinds }, sheet = false, roots?: (Element | ShadowRoot)[]) {
  const highlighter = new Highlighter(document, { sheet });
  const state = newPageState();
  const result = await annotatePass(roots ?? [findArticleRoot(document)], engine, options, state, highlighter, new Slicer(new AbortController().signal));
  return { highlighter, result, state };
}

const marked = () => [...document.querySelectorAll('backstory-mark')].map((m) => `${m.getAttribute('data-entry-id')}:${m.textContent}`);

describe('reader', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('reads the article, not the site around it', () => {
    document.body.innerHTML = `
      <header><nav><a href="/">NATO</a></nav></header>
      <main><article><h1>Title</h1><p>${'Long text about things. '.repeat(20)}</p><p>Putin spoke in Kyiv.</p></article>
      <aside role="complementary"><ul><li><a href="/x">NATO news</a></li></ul></aside></main>
      <footer>NATO footer</footer>`;
    expect(findArticleRoot(document).tagName).toBe('ARTICLE');
  });

  it('takes a lone candidate only with enough text, counted across its text nodes; else the largest of several', () => {
    // One short article (a teaser) is not the story: main is, once its text, split over nodes, reaches 200 characters.
    document.body.innerHTML = `<article id="teaser"><p>Short teaser.</p></article><main id="m">${'<span>thirty-six characters of text here.</span> '.repeat(6)}</main>`;
    expect(findArticleRoot(document).id).toBe('m');
    document.body.innerHTML = `<article id="teaser"><p>Short teaser.</p></article><main id="m">${'<span>thirty-six characters of text here.</span>'.repeat(5)}</main>`;
    expect(findArticleRoot(document).tagName).not.toBe('MAIN'); // 175 characters: not enough
    document.body.innerHTML = `<article id="a">${'x'.repeat(300)}</article><article id="b">${'y'.repeat(900)}</article>`;
    expect(findArticleRoot(document).id).toBe('b');
  });

  it('in a main region that holds more than the story, reads the story with its headline', () => {
    const para = (n: number, words: string) => Array.from({ length: n }, () => `<p>${words}</p>`).join('');
    const teasers = Array.from({ length: 12 }, (_, i) => `<li><div class="teaser"><p>Teaser ${i} about Putin, a line of text that runs on for a while.</p></div></li>`).join('');
    document.body.innerHTML = `<div role="main" id="region">
      <div id="story"><h1>The headline</h1><div class="player"><ul><li>Georgia</li><li>Arial</li></ul></div>
        <div class="body">${para(12, 'A long paragraph of the story itself, with enough words to weigh.')}</div></div>
      <section class="comments">${para(3, 'A comment.')}</section><ul class="stream">${teasers}</ul></div>`;
    expect(findArticleRoot(document).id).toBe('story');
    // No headline between the story's paragraphs and the region: the whole region.
    document.querySelector('h1')!.remove();
    expect(findArticleRoot(document).id).toBe('region');
    // Paragraph text spread evenly (no part three times any other, none over half): the whole region.
    document.body.innerHTML = `<main id="m"><h1>Live</h1>${Array.from({ length: 4 }, (_, i) => `<div id="d${i}">${para(3, 'Some paragraph text of an update, long enough to weigh. '.repeat(4))}</div>`).join('')}</main>`;
    expect(findArticleRoot(document).id).toBe('m');
  });

  it('falls back to the parent of the most paragraph text', () => {
    document.body.innerHTML = `<div id="nav"><a href="/">Home</a></div><div id="story">${'<p>Some paragraph of text that goes on.</p>'.repeat(30)}</div>`;
    expect(findArticleRoot(document).id).toBe('story');
  });

  it('skips lists of links, indented or not, judged by their first items; reads lists of prose', () => {
    const indent = '\n' + ' '.repeat(80);
    const links = (n: number, name: string) => Array.from({ length: n }, (_, i) => `${indent}<li>${indent}<a href="/c${i}">${name} ${i}</a>${indent}</li>`).join('');
    const prose = (n: number) => Array.from({ length: n }, (_, i) => `<li>Putin spoke about item ${i} at length, with <a href="/r">a source</a>.</li>`).join('');
    document.body.innerHTML = `<div>
      <ul id="navbox">${links(14, 'Navcity')}${indent}</ul>
      <ol id="short">${links(3, 'Shortcity')}</ol>
      <ul id="related"><li><a href="/s1">Zelensky meets allies</a>${indent}<a href="/s1#c">(12 comments)</a></li>${links(20, 'Story')}</ul>
      <ol id="notes">${prose(30)}</ol>
      <ul id="mixed">${prose(2)}${links(1, 'Mixcity')}</ul>
    </div>`;
    const read = [...readBlocks(document.body)].map((b) => b.text).join(' | ');
    for (const skipped of ['Navcity', 'Shortcity', 'Zelensky', 'Story']) expect(read).not.toContain(skipped);
    expect(read).toContain('Mixcity 0'); // a link among prose items is read with them
    expect(read).toContain('Putin spoke about item 0');
    expect(read).toContain('Putin spoke about item 29');
    expect(read).toContain('Putin spoke about item 1');
  });

  it('skips inputs, textareas, contenteditable, code, scripts, SVG and forms', () => {
    document.body.innerHTML = `<div>
      <p>Putin one</p>
      <textarea>Putin textarea</textarea><input value="Putin">
      <div contenteditable="true">Putin editable</div>
      <code>Putin code</code><pre>Putin pre</pre>
      <script>var Putin = 1;</script><style>.Putin{}</style>
      <svg><text>Putin svg</text></svg>
      <form><label>Putin label</label></form>
      <select><option>Putin</option></select>
    </div>`;
    const text = [...readBlocks(document.body)].map((b) => b.text).join('|');
    expect(text).toContain('Putin one');
    for (const bad of ['textarea', 'editable', 'code', 'pre', 'var Putin', 'svg', 'label']) expect(text).not.toContain(bad);
  });

  it('ends a run at a line break, and reads everything after it', () => {
    document.body.innerHTML = '<div><p>Vladimir<br>Putin <b>spoke</b><br></p><ul><li>Kyiv</li></ul><p>Last</p></div>';
    expect([...readBlocks(document.body)].map((b) => b.text)).toEqual(['Vladimir', 'Putin spoke', 'Kyiv', 'Last']);
  });

  it('reads around skipped subtrees (in one run, as before) and after one that ends the article', () => {
    document.body.innerHTML = '<article><p>Talks <code>x = 1</code> went on</p><nav><a href="#">Home</a></nav><p>Kyiv</p><aside hidden>Gone</aside></article>';
    expect([...readBlocks(document.body)].map((b) => b.text)).toEqual(['Talks  went on', 'Kyiv']);
  });

  it('joins text across inline elements but not across blocks', () => {
    document.body.innerHTML = '<div><p>Vladimir <em>Putin</em> said</p><p>Vladimir</p><p>Putin</p></div>';
    const blocks = [...readBlocks(document.body)].map((b) => b.text);
    expect(blocks).toEqual(['Vladimir Putin said', 'Vladimir', 'Putin']);
  });
});

describe('highlighter', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('wraps a name split across inline elements as one mention', async () => {
    document.body.innerHTML = '<article><p>President Vladimir <em>Putin</em> of Russia met NATO.</p></article>';
    await annotate();
    expect(marked()).toEqual(['vladimir-putin:Vladimir ', 'vladimir-putin:Putin', 'nato:NATO']);
  });

  it('highlights only the first mention by default, every mention on request', async () => {
    document.body.innerHTML = '<article><p>Putin and Putin.</p><p>Putin again in Kyiv.</p></article>';
    const first = await annotate();
    expect(marked()).toEqual(['vladimir-putin:Putin', 'kyiv:Kyiv']);
    first.highlighter.restore();
    await annotate({ everyMention: true, kinds: DEFAULT_SETTINGS.kinds });
    expect(marked()).toEqual(['vladimir-putin:Putin', 'vladimir-putin:Putin', 'vladimir-putin:Putin', 'kyiv:Kyiv']);
  });

  it('does not even detect claims when the claims switch is off', async () => {
    document.body.innerHTML = '<article><p>Putin in Kyiv.</p></article>';
    let calls = 0;
    const withClaims: Engine = {
      ...engine,
      detectClaims: async (blocks) => (calls++, { hits: blocks.map(() => [{ id: 'c', name: 'C', start: 0, end: 14 }]), ms: 0 }),
    };
    const run = async (claims: boolean) => {
      const highlighter = new Highlighter(document);
      const result = await annotatePass([findArticleRoot(document)], withClaims, { everyMention: false, kinds: { ...DEFAULT_SETTINGS.kinds, claims } }, newPageState(), highlighter, new Slicer(new AbortController().signal));
      highlighter.restore();
      return result;
    };
    const off = await run(false);
    expect(calls).toBe(0);
    expect(off.claims).toBe(0);
    const on = await run(true);
    expect(calls).toBe(1);
    expect(on.claims).toBe(1);
  });

  it('asks for claims once per pass, with only the blocks that hold mentions, and wraps what comes back', async () => {
    document.body.innerHTML = '<article><p>Nothing here.</p><p>Putin spoke. NATO <b>answered</b> him.</p><p>Kyiv.</p></article>';
    const asked: { text: string; mentions: { start: number; end: number }[] }[][] = [];
    const withClaims: Engine = {
      ...engine,
      detectClaims: async (blocks) => {
        asked.push(blocks);
        // The first block asked holds a claim sentence: "NATO answered him." (13-31).
        return { hits: blocks.map((b) => (b.text.startsWith('Putin') ? [{ id: 'c', name: 'C', start: 13, end: 31 }] : [])), ms: 1 };
      },
    };
    const highlighter = new Highlighter(document);
    const result = await annotatePass([findArticleRoot(document)], withClaims, { everyMention: false, kinds: DEFAULT_SETTINGS.kinds }, newPageState(), highlighter, new Slicer(new AbortController().signal));
    expect(asked).toHaveLength(1);
    expect(asked[0].map((b) => b.text)).toEqual(['Putin spoke. NATO answered him.', 'Kyiv.']);
    expect(asked[0][0].mentions.map((m) => [m.start, m.end])).toEqual([[0, 5], [13, 17]]);
    expect(result.claims).toBe(1);
    // The entity inside the sentence keeps its own mark; the rest of the sentence is the claim's.
    expect([...document.querySelectorAll('backstory-mark')].filter((m) => m.getAttribute('data-entry-id') === 'c').map((m) => m.textContent).join('')).toBe(' answered him.');
    expect(marked()).toContain('nato:NATO');
    highlighter.restore();
    expect(document.body.innerHTML).toBe('<article><p>Nothing here.</p><p>Putin spoke. NATO <b>answered</b> him.</p><p>Kyiv.</p></article>');
  });

  it('splits the claim request of a long page into requests of bounded size, and maps every answer back', async () => {
    const long = 'Putin spoke. ' + 'Words of a long paragraph go on. '.repeat(3500); // ~115,000 characters each
    document.body.innerHTML = `<article><p>${long}</p><p>${long}</p><p>${long}</p></article>`;
    const sizes: number[] = [];
    const withClaims: Engine = {
      ...engine,
      detectClaims: async (blocks) => {
        sizes.push(blocks.reduce((n, b) => n + b.text.length, 0));
        return { hits: blocks.map(() => [{ id: 'c', name: 'C', start: 0, end: 12 }]), ms: 0 };
      },
    };
    const highlighter = new Highlighter(document);
    const result = await annotatePass([findArticleRoot(document)], withClaims, { everyMention: true, kinds: DEFAULT_SETTINGS.kinds }, newPageState(), highlighter, new Slicer(new AbortController().signal));
    expect(sizes.length).toBeGreaterThan(1);
    for (const n of sizes) expect(n).toBeLessThanOrEqual(CLAIM_REQUEST_CHARS);
    expect(result.claims).toBe(3);
    highlighter.restore();
  });

  it('a pass whose claim request fails still highlights the entities', async () => {
    document.body.innerHTML = '<article><p>Putin in Kyiv.</p></article>';
    const failing: Engine = { ...engine, detectClaims: async () => Promise.reject(new Error('background gone')) };
    const highlighter = new Highlighter(document);
    const result = await annotatePass([findArticleRoot(document)], failing, { everyMention: false, kinds: DEFAULT_SETTINGS.kinds }, newPageState(), highlighter, new Slicer(new AbortController().signal));
    expect(result.claims).toBe(0);
    expect(marked()).toEqual(['vladimir-putin:Putin', 'kyiv:Kyiv']);
    highlighter.restore();
  });

  it('a pass whose matching request fails changes nothing on the page and says why', async () => {
    document.body.innerHTML = '<article><p>Putin in Kyiv.</p></article>';
    const before = document.body.innerHTML;
    const failing: Engine = { ...engine, scan: async () => Promise.reject(new Error('background gone')) };
    const highlighter = new Highlighter(document);
    await expect(annotatePass([findArticleRoot(document)], failing, { everyMention: false, kinds: DEFAULT_SETTINGS.kinds }, newPageState(), highlighter, new Slicer(new AbortController().signal))).rejects.toThrow('background gone');
    expect(marked()).toEqual([]);
    expect(document.body.innerHTML).toBe(before);
  });

  it('sends long pages in several matching requests, numbered as one text', async () => {
    const para = `${'Soup and bread and tea. '.repeat(400)}Putin spoke.`;
    document.body.innerHTML = `<article>${`<p>${para}</p>`.repeat(30)}</article>`;
    const sizes: number[] = [];
    const counting: Engine = { ...engine, scan: (texts, base) => (sizes.push(texts.join(' ').length), engine.scan(texts, base)) };
    const highlighter = new Highlighter(document);
    const result = await annotatePass([findArticleRoot(document)], counting, { everyMention: true, kinds: DEFAULT_SETTINGS.kinds }, newPageState(), highlighter, new Slicer(new AbortController().signal));
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(CLAIM_REQUEST_CHARS + 30);
    expect(result.mentions).toBe(30);
    expect(marked().every((m) => m === 'vladimir-putin:Putin')).toBe(true);
    highlighter.restore();
  });

  it('respects kind switches', async () => {
    document.body.innerHTML = '<article><p>Putin in Kyiv.</p></article>';
    await annotate({ everyMention: false, kinds: { ...DEFAULT_SETTINGS.kinds, people: false } });
    expect(marked()).toEqual(['kyiv:Kyiv']);
  });

  it('restores the page exactly: same HTML, same text node objects with the same text', async () => {
    document.body.innerHTML = '<article><p>Vladimir <em>Putin</em> met NATO in Kyiv, then Putin left.</p><p>NATO</p></article>';
    const before = document.body.innerHTML;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const nodes: [Text, string][] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push([n as Text, (n as Text).data]);
    const { highlighter } = await annotate({ everyMention: true, kinds: DEFAULT_SETTINGS.kinds });
    expect(document.querySelectorAll('backstory-mark').length).toBe(6);
    expect(document.body.innerHTML).not.toBe(before);
    highlighter.restore();
    expect(document.body.innerHTML).toBe(before);
    for (const [node, data] of nodes) {
      expect(node.isConnected).toBe(true);
      expect(node.data).toBe(data);
    }
    const after = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let i = 0;
    for (let n = after.nextNode(); n; n = after.nextNode()) expect(n).toBe(nodes[i++][0]);
    expect(i).toBe(nodes.length);
  });

  it('styles highlights inline with !important so page CSS cannot restyle them', async () => {
    document.body.innerHTML = '<article><p>NATO</p></article>';
    await annotate();
    const mark = document.querySelector('backstory-mark') as HTMLElement;
    expect(mark.style.getPropertyPriority('background-color')).toBe('important');
    expect(mark.style.getPropertyValue('color')).not.toBe('');
    expect(mark.style.getPropertyValue('display')).toBe('inline');
  });

  it('leaves the look to the style sheet where the background inserted one, but not in a shadow root, which it does not reach', async () => {
    document.body.innerHTML = '<article><p>NATO met in Kyiv.</p><div id="host"></div></article>';
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>Putin spoke.</p>';
    const { highlighter } = await annotate(undefined, true, [document.querySelector('article')!, shadow]);
    const inDocument = [...document.querySelectorAll('backstory-mark')];
    expect(inDocument.map((m) => m.getAttribute('data-entry-id'))).toEqual(['nato', 'kyiv']);
    expect(inDocument.every((m) => !m.hasAttribute('style'))).toBe(true);
    const inShadow = shadow.querySelector('backstory-mark') as HTMLElement;
    expect(inShadow.getAttribute('data-entry-id')).toBe('vladimir-putin');
    expect(inShadow.style.getPropertyPriority('background-color')).toBe('important');
    highlighter.restore();
  });

  it('records each pass with the User Timing API', async () => {
    document.body.innerHTML = '<article><p>NATO</p></article>';
    performance.clearMeasures('backstory:annotate');
    await annotate();
    const entries = performance.getEntriesByName('backstory:annotate');
    expect(entries.length).toBe(1);
    expect((entries[0] as PerformanceMeasure).detail).toMatchObject({ mentions: 1 });
  });
});

describe('highlighter and a page that changes during a pass', () => {
  it('leaves text the page changed after it was read, wraps the rest', async () => {
    document.body.innerHTML = '<article><p>Putin in Kyiv.</p><p>NATO met.</p></article>';
    const blocks = [...readBlocks(findArticleRoot(document))];
    const highlighter = new Highlighter(document);
    // The page rewrites the first paragraph's text between the read and the wrap.
    blocks[0].nodes[0].data = 'Kyiv is quiet today.';
    highlighter.wrapBlock(blocks[0], [{ start: 0, end: 5, id: 'vladimir-putin', claim: false, group: 0 }]);
    highlighter.wrapBlock(blocks[1], [{ start: 0, end: 4, id: 'nato', claim: false, group: 1 }]);
    expect(marked()).toEqual(['nato:NATO']);
    highlighter.restore();
    expect(document.body.innerHTML).toBe('<article><p>Kyiv is quiet today.</p><p>NATO met.</p></article>');
  });
});
