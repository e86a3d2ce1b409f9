// @vitest-environment happy-dom
/**
 * The loader with a fake boot: it starts the engine only when the page may mention something (now, or in content
 * added later), touches nothing of the browser meanwhile, reads what readBlocks reads, and stops when destroyed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkForKeyWords, LOADER_BATCH_MS, someBlockText, startLoader, type Loader } from '../../content-scripts/loader';
import { findArticleRoot, readBlocks } from '../../content-scripts/reader';
import { compileIndex } from '../../src/core/compiled';
import { buildKeys, keySetOf } from '../../src/core/prefilter';
import type { Entry } from '../../src/core/types';

const entry = (id: string, kind: Entry['kind'], aliases: Entry['aliases']): Entry => ({
  id, kind, name: id, aliases, summary: 'Test entry.', sources: [], asOf: '2025-01-01',
});
const KEYS_LISTS = buildKeys(compileIndex([
  entry('vladimir-putin', 'person', ['Vladimir Putin', { text: 'Putin', case: 'exact' }]),
  entry('kremlin', 'organisation', ['the Kremlin']),
  entry('georgia', 'place', [{ text: 'Georgia', case: 'exact', when: { page: ['vladimir-putin'] } }]),
]));
const KEYS = keySetOf(KEYS_LISTS);
const QUIET = '<article><h1>A quiet morning</h1><p>The morning was grey and the kettle took its time; the bread was warm.</p></article>';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const checks = () => performance.getEntriesByName('backstory:check').map((e) => (e as PerformanceMeasure).detail as { hit: boolean });

let loader: Loader | null = null;
let boots = 0;
let bootRoots: (Element | undefined)[] = [];

function start(): Loader {
  loader = startLoader({
    doc: document,
    keys: KEYS,
    remoteKeys: () => Promise.reject(new Error('not in these tests')),
    boot: (root) => {
      boots++;
      bootRoots.push(root);
    },
  });
  return loader;
}

beforeEach(() => {
  boots = 0;
  bootRoots = [];
  performance.clearMeasures('backstory:check');
});

afterEach(() => {
  loader?.destroy();
  loader = null;
});

describe('loader', () => {
  it('keys come from aliases that can fire on their own: "Georgia" needs Putin, so it is no key', () => {
    expect(KEYS_LISTS).toEqual({ words: [], exact: ['Putin'], pairs: ['the kremlin', 'vladimir putin'] });
  });

  it('leaves a page that mentions nothing at one check', async () => {
    document.body.innerHTML = QUIET;
    await start().ready;
    expect(boots).toBe(0);
    expect(checks()).toEqual([expect.objectContaining({ hit: false })]);
  });

  it('starts the engine on a page with a key word, once, and stops following the page', async () => {
    document.body.innerHTML = '<article><p>Talks at the Kremlin went on.</p></article>';
    await start().ready;
    expect(boots).toBe(1);
    expect(checks()).toEqual([expect.objectContaining({ hit: true })]);
    const p = document.createElement('p');
    p.textContent = 'Putin again.';
    document.querySelector('article')!.append(p);
    await wait(LOADER_BATCH_MS + 100);
    expect(boots).toBe(1);
    expect(checks()).toHaveLength(1);
    // The root the check read goes to the engine, which then does not look for it again.
    expect(bootRoots).toEqual([findArticleRoot(document)]);
    expect(bootRoots[0]).toBeInstanceOf(Element);
  });

  it('counts finding the article root in the check\'s measure (as an engine pass counts it)', async () => {
    document.body.innerHTML = QUIET;
    const busy = (ms: number) => {
      for (const t = performance.now(); performance.now() - t < ms; );
    };
    const found = await checkForKeyWords(() => {
      busy(8);
      return [document.body];
    }, KEYS, () => false);
    expect(found).toBe(false);
    const [measure] = performance.getEntriesByName('backstory:check') as PerformanceMeasure[];
    expect((measure.detail as { busyMs: number }).busyMs).toBeGreaterThanOrEqual(8);
    expect(measure.duration).toBeGreaterThanOrEqual(8);
  });

  it('starts the engine when the page later adds text with a key word, not for text without one', async () => {
    document.body.innerHTML = QUIET;
    await start().ready;
    const p = document.createElement('p');
    p.textContent = 'Another quiet paragraph about soup.';
    document.querySelector('article')!.append(p);
    await wait(LOADER_BATCH_MS + 100);
    expect(boots).toBe(0);
    const q = document.createElement('p');
    q.textContent = 'Update: Putin has arrived.';
    document.querySelector('article')!.append(q);
    await wait(LOADER_BATCH_MS + 100);
    expect(boots).toBe(1);
    // Found in added content: the article root was not read in that check, so the engine finds it itself.
    expect(bootRoots).toEqual([undefined]);
  });

  it('stops observing when destroyed', async () => {
    document.body.innerHTML = QUIET;
    await start().ready;
    loader!.destroy();
    const q = document.createElement('p');
    q.textContent = 'Update: Putin has arrived.';
    document.body.append(q);
    await wait(LOADER_BATCH_MS + 100);
    expect(boots).toBe(0);
    expect(checks()).toHaveLength(1);
  });

  it('reads the block texts readBlocks reads: skipped elements, block boundaries, line breaks, shadow roots', async () => {
    document.body.innerHTML = `
      <nav><p>Menu: Kremlin</p></nav>
      <article>
        <h1>Head<em>line</em></h1>
        <p>One <b>run</b> of text<br>after a break <button>Share</button> and on</p>
        <div>Outer <p>inner</p> tail</div>
        <ul><li><a href="/a">Link one</a></li><li><a href="/b">Link two</a></li></ul>
        <pre>code Putin</pre><p hidden>hidden Putin</p><p aria-hidden="true">aria Putin</p>
        <div contenteditable="true">typed Putin</div>
        <custom-box></custom-box>
        <p>Vladimir<span></span> Putin</p>
      </article>`;
    const host = document.querySelector('custom-box')!;
    host.attachShadow({ mode: 'open' }).innerHTML = '<p>Shadow <i>text</i></p>';
    const root = findArticleRoot(document);
    const expected = [...readBlocks(root)].map((b) => b.text);
    const seen: string[] = [];
    expect(await someBlockText([root], (t) => (seen.push(t), false))).toBe(false);
    // The same texts; a shadow root's may come later (the check only asks whether any block holds a key).
    expect(seen.filter((t) => /\S/.test(t)).sort()).toEqual([...expected].sort());
    expect(expected).toContain('Vladimir Putin');
    expect(expected.join('|')).not.toMatch(/Menu|code|hidden|aria|typed|Link/);
    expect(expected).toContain('Shadow text');
    expect(await someBlockText([root], (t) => t.includes('after a break'))).toBe(true);
  });

  it('pauses every so many nodes, and stops where the pause says so', async () => {
    document.body.innerHTML = `<article>${'<p>Soup and bread.</p>'.repeat(400)}<p>Putin spoke.</p></article>`;
    const root = findArticleRoot(document);
    let pauses = 0;
    expect(await someBlockText([root], (t) => KEYS.has(t) === true, () => (++pauses, Promise.resolve(true)))).toBe(true);
    expect(pauses).toBeGreaterThan(3);
    expect(await someBlockText([root], (t) => KEYS.has(t) === true, () => Promise.resolve(false))).toBe(false);
    expect(await someBlockText([root], (t) => KEYS.has(t) === true, () => undefined)).toBe(true);
  });
});
