/**
 * The prefilter's promise: a text in which the matcher finds a mention always holds a key. Checked on every alias
 * of the dataset, the claims evaluation set, the reference article and texts of our own; and it must stay quiet
 * on text that mentions nothing, or it saves nothing.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { compileIndex } from '../../src/core/compiled';
import { Matcher, resolveMentions } from '../../src/core/matcher';
import { buildKeys, encodeKeys, keyOfAlias, KeySet, keySetOf } from '../../src/core/prefilter';
import { loadDataset, ROOT } from '../../scripts/lib/dataset';

const data = loadDataset();
const index = compileIndex(data.entries);
const matcher = new Matcher(index);
const lists = buildKeys(index);
const keys = keySetOf(lists);
const mentions = (text: string) => resolveMentions(matcher.scan(text));

describe('prefilter', () => {
  it('keys an alias by its one word (as written for exact-case aliases) or two or three neighbouring words', () => {
    expect(keyOfAlias('Chatham House', false)).toEqual({ kind: 'pairs', key: 'chatham house' });
    expect(keyOfAlias('coalition of the willing', false)).toEqual({ kind: 'pairs', key: 'coalition of the' });
    expect(keyOfAlias('Department of State', false)).toEqual({ kind: 'pairs', key: 'department of state' });
    expect(keyOfAlias('Institute for the Study of War', false)).toEqual({ kind: 'pairs', key: 'institute for the' });
    expect(keyOfAlias('North Atlantic Treaty', false)).toEqual({ kind: 'pairs', key: 'atlantic treaty' });
    expect(keyOfAlias('U.S.', true)).toEqual({ kind: 'pairs', key: 'u s' });
    expect(keyOfAlias('UN', true)).toEqual({ kind: 'exact', key: 'UN' });
    expect(keyOfAlias('Зеленський', false)).toEqual({ kind: 'words', key: 'зеленськии' });
    expect(keyOfAlias('...', false)).toBeNull();
  });

  it('needs no pair for a longer alias that holds a one-word key, folded, or as written when both are exact-case', () => {
    const small = buildKeys(compileIndex([
      { id: 'p', kind: 'person', name: 'p', aliases: [{ text: 'Putin', case: 'exact' }, { text: 'Vladimir Putin', case: 'exact' }, 'President Putin'], summary: 'x', sources: [], asOf: '2025-01-01' },
      { id: 'k', kind: 'place', name: 'k', aliases: ['Kyiv', 'Kyiv Oblast'], summary: 'x', sources: [], asOf: '2025-01-01' },
    ]));
    expect(small).toEqual({ words: ['kyiv'], exact: ['Putin'], pairs: ['president putin'] });
  });

  it('ships in two strings (Latin script in the content script, other scripts fetched) and comes back as the same check', () => {
    const { local, remote } = encodeKeys(lists);
    const shipped = new KeySet(local);
    const texts = ['the White House said', 'Kyiv', 'us and them', 'the US said', 'white paint on the house', 'quiet text', 'Un café, une baguette et un croissant'];
    expect(texts.map((t) => shipped.has(t))).toEqual(texts.map((t) => keys.has(t)));
    expect(texts.map((t) => keys.has(t))).toEqual([true, true, false, true, false, false, false]);
    // Cyrillic text: the local keys cannot tell (null) until the remote ones are added; a local key still answers.
    expect(shipped.has('Зеленський')).toBeNull();
    expect(shipped.has('НАТО і Kyiv')).toBe(true);
    shipped.addRemote(remote);
    expect(shipped.has('Зеленський')).toBe(true);
    expect(shipped.has('Доброго ранку')).toBe(false);
    const none = keySetOf({ words: [], exact: [], pairs: [] });
    expect([...texts, 'Зеленський'].some((t) => none.has(t))).toBe(false);
  });

  it('keeps the keys of other scripts out of the content script, and adds the Latin ones with marks only for a text that is not plain', () => {
    const { local, remote } = encodeKeys(lists);
    const lines = local.split('\n');
    expect(lines).toHaveLength(7);
    const [folded, exact, firsts, , , , needs] = lines;
    expect(/[^\u0000-\u007f]/.test(folded + exact + firsts)).toBe(false);
    expect(/[^\u0000-\u024f]/.test(lines.slice(0, 6).join(''))).toBe(false);
    expect(/[\u0400-\u04ff]/.test(remote)).toBe(true);
    // The blocks a text must have letters of to need the remote keys: Cyrillic, not Greek or Chinese.
    const needsRe = new RegExp(needs, 'u');
    expect(['Зеленський', 'Нафталі'].every((t) => needsRe.test(t))).toBe(true);
    expect(['Ελλάδα', '中文', 'Kyiv'].some((t) => needsRe.test(t))).toBe(false);
    // Every key once, in one part or another.
    const rlines = remote.split('\n');
    const all = (i: number, sep: string) => [lines[i], lines[i + 3], rlines[i]].filter(Boolean).flatMap((l) => l.split(sep));
    expect(all(0, '|').sort()).toEqual(lists.words.concat(lists.pairs).sort());
    expect(all(1, ' ').sort()).toEqual([...lists.exact].sort());
    const check = new KeySet(local);
    const pending = () => (check as unknown as { latin: unknown }).latin;
    expect(check.has('Kyiv and the White House')).toBe(true);
    expect(check.has('a quiet morning, “nothing” — at all')).toBe(false);
    expect(pending()).not.toBeNull();
    expect(check.has('Un café, une baguette et un croissant')).toBe(false);
    expect(pending()).toBeNull();
  });

  it('is no more keys than aliases', () => {
    const n = lists.words.length + lists.exact.length + lists.pairs.length;
    expect(n).toBeGreaterThan(100);
    expect(n).toBeLessThanOrEqual(index.aliases.length);
  });

  it('finds a key in every alias that can fire on its own, written as the dataset writes it', () => {
    for (const alias of index.aliases) {
      if (alias.page && !alias.near?.length) continue;
      expect(keys.has(alias.text), alias.text).toBe(true);
    }
  });

  it('finds phrases across the gaps the matcher allows, in plain and in Unicode text', () => {
    const samples = ['the White\u00a0House said', 'Коаліція охочих збирається', 'the Department of State said', 'the U.S. State Department', 'Institute for the Study of War'];
    for (const text of samples) if (mentions(text).length) expect(keys.has(text), text).toBe(true);
    expect(samples.filter((t) => mentions(t).length).length).toBeGreaterThan(2);
    expect(keys.has('white paint on the house')).toBe(false);
    expect(keys.has('the department of agriculture')).toBe(false);
  });

  it('never says no where the matcher finds a mention (evaluation set, reference article, our own texts)', () => {
    const texts: string[] = JSON.parse(readFileSync(path.join(ROOT, 'tests/claims/eval-set.json'), 'utf8')).map((i: { text: string }) => i.text);
    const shared = process.env.BACKSTORY_SHARED ?? path.join(ROOT, '../shared');
    const article = path.join(shared, 'articles/security-guarantees.txt');
    if (existsSync(article)) texts.push(...readFileSync(article, 'utf8').split(/\n+/));
    texts.push(
      'Зеленський і Путін; Лавров у НАТО.',
      'KYIV — Zelenskyy’s aide met the U.S. envoy; Georgia’s president, too.',
      'Ukraine’s President Volodymyr Zelensky met Vladimir Putin’s envoy.',
    );
    let withMentions = 0;
    for (const text of texts) {
      if (!mentions(text).length) continue;
      withMentions++;
      expect(keys.has(text), text).toBe(true);
    }
    expect(withMentions).toBeGreaterThan(200);
  });

  it('says no on text that mentions nothing', () => {
    const quiet = [
      'The morning was grey and the kettle took its time. We spoke about soup, about the small garden behind the house.',
      'Preheat the oven, whisk two eggs with the sugar and fold in the flour; bake for twenty minutes.',
      'The home side equalised late in the second half after a corner was only half cleared. Let us hope for more.',
      'Un café, une baguette et un croissant, s’il vous plaît.',
    ];
    for (const text of quiet) {
      expect(mentions(text), text).toEqual([]);
      expect(keys.has(text), text).toBe(false);
    }
  });
});
