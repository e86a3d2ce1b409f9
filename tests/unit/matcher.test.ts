import { describe, expect, it } from 'vitest';
import { compileIndex } from '../../src/core/compiled';
import { FILTER_FROM_WORDS, Matcher, mentionsByBlock, resolveMentions, WordFilter } from '../../src/core/matcher';
import { APOSTROPHES, foldWord, hasWord, isLatin, LATIN_WORD_RE, normalizeGap, NOT_PLAIN, wordRe } from '../../src/core/text';
import type { Alias, Entry, EntryKind } from '../../src/core/types';

function entry(id: string, aliases: Alias[], kind: EntryKind = 'person'): Entry {
  return { id, kind, name: id, aliases, summary: 'A test entry for the matcher.', sources: [], asOf: '2025-01-01' };
}

const ENTRIES = [
  entry('vladimir-putin', ['Vladimir Putin', { text: 'Putin', case: 'exact' }, 'Путин']),
  entry('nato', [{ text: 'NATO', case: 'exact' }, 'North Atlantic Treaty Organization'], 'organisation'),
  entry('coalition-of-the-willing', ['coalition of the willing'], 'concept'),
  entry('united-states', [{ text: 'U.S.', case: 'exact' }, 'United States'], 'place'),
  entry('article-5', [{ text: 'Article 5', when: { page: ['nato'], near: ['alliance'] } }], 'treaty'),
  entry('georgia-country', [{ text: 'Georgia', case: 'exact', when: { page: ['vladimir-putin'] } }], 'place'),
  entry('kyiv', ['Kyiv', 'Kiev', 'Київ'], 'place'),
  entry('article-5-like', ['Article 5-like'], 'concept'),
  entry('zelensky', ['Zelensky', 'Zelenskyy', 'Зеленський'], 'person'),
];
const index = compileIndex(ENTRIES);
const matcher = new Matcher(index);

function find(text: string): [string, string, number, number][] {
  return resolveMentions(matcher.scan(text)).map((m) => [index.entries[m.entry].id, text.slice(m.start, m.end), m.start, m.end]);
}
const ids = (text: string) => find(text).map(([id]) => id);

describe('matcher', () => {
  it('finds whole words only', () => {
    expect(ids('Putinism and Putinist views')).toEqual([]);
    expect(ids('NATOs')).toEqual([]);
    expect(ids('Putin spoke.')).toEqual(['vladimir-putin']);
  });

  it('builds a first word\'s branch when a text first holds it, and answers the same before and after', () => {
    // "Article" starts two aliases; the branch is built on the first text that holds it.
    const fresh = new Matcher(index);
    const text = 'The alliance invoked Article 5; Article 5-like guarantees came up, and NATO met.';
    const before = JSON.stringify(fresh.scan(text));
    expect(JSON.stringify(fresh.scan(text))).toBe(before);
    const other = new Matcher(index);
    other.scan('NATO met in Kyiv.'); // other branches first
    expect(JSON.stringify(other.scan(text))).toBe(before);
    expect(resolveMentions(fresh.scan(text)).map((m) => index.entries[m.entry].id)).toEqual(['article-5', 'article-5-like', 'nato']);
  });

  it('prefers the longest match', () => {
    expect(find('President Vladimir Putin said')).toEqual([['vladimir-putin', 'Vladimir Putin', 10, 24]]);
  });

  it('handles possessives with straight and curly apostrophes', () => {
    expect(find("Putin's plan")).toEqual([['vladimir-putin', 'Putin', 0, 5]]);
    expect(find('Kyiv’s supporters')).toEqual([['kyiv', 'Kyiv', 0, 4]]);
  });

  it('leaves names glued to another word by a dot (a site or an address) and keeps sentence ends', () => {
    expect(ids('Web Football.Kyiv to vidí podobně')).toEqual([]);
    expect(ids('see kyiv.ua and www.NATO.int')).toEqual([]);
    expect(ids('Talks in Kyiv.Zelensky spoke')).toEqual([]); // a missing space reads as an address: no guess
    expect(find('He went to Kyiv. NATO met.')).toEqual([['kyiv', 'Kyiv', 11, 15], ['nato', 'NATO', 17, 21]]);
    expect(ids('Kyiv...Putin and (Kyiv.) and the U.S.')).toEqual(['kyiv', 'vladimir-putin', 'kyiv', 'united-states']);
    expect(ids('He gave U.S.$1,000 and NATO$ to Kyiv')).toEqual(['kyiv']); // a currency, not the country
    expect(ids('the U.S. paid $5')).toEqual(['united-states']);
  });

  it('applies the case rule of each alias', () => {
    expect(ids('nato and Nato')).toEqual([]);
    expect(ids('NATO')).toEqual(['nato']);
    expect(ids('the Coalition Of The Willing met')).toEqual(['coalition-of-the-willing']);
    expect(ids('putin')).toEqual([]);
  });

  it('treats non-breaking spaces, line breaks and dashes alike', () => {
    expect(ids('Vladimir\u00a0Putin')).toEqual(['vladimir-putin']);
    expect(find('coalition of the\nwilling')[0][1]).toBe('coalition of the\nwilling');
    expect(find('an Article 5–like pledge')).toEqual([['article-5-like', 'Article 5–like', 3, 17]]);
  });

  it('does not join words across punctuation', () => {
    expect(ids('Vladimir. Putin')).toEqual(['vladimir-putin']);
    expect(find('Vladimir, Putin')[0][1]).toBe('Putin');
  });

  it('matches trailing punctuation that belongs to an alias', () => {
    expect(find('U.S. officials')).toEqual([['united-states', 'U.S.', 0, 4]]);
    expect(ids('U.S.A')).toEqual([]);
  });

  it('matches Cyrillic names and spelling variants', () => {
    expect(ids('Путин и Зеленський у Київ')).toEqual(['vladimir-putin', 'zelensky', 'kyiv']);
    expect(ids('Kiev and Zelenskyy')).toEqual(['kyiv', 'zelensky']);
  });

  it('keeps ambiguous aliases dark without context', () => {
    expect(ids('Under GDPR Article 5 sets out principles.')).toEqual([]);
    expect(ids('Georgia beat Alabama on Saturday.')).toEqual([]);
  });

  it('lights ambiguous aliases with context on the page or nearby', () => {
    expect(ids('NATO members. Article 5 applies.')).toEqual(['nato', 'article-5']);
    expect(ids('The alliance treaty, Article 5, applies.')).toEqual(['article-5']);
    expect(ids('Putin visited Georgia.')).toEqual(['vladimir-putin', 'georgia-country']);
  });

  it('does not fire an alias inside one of its except names, wherever the alias sits in the name', () => {
    const america = new Matcher(compileIndex([
      entry('united-states', [{ text: 'America', case: 'exact', except: ['South America', 'Voice of America', 'America First Credit Union'] }], 'place'),
    ]));
    const found = (text: string) => resolveMentions(america.scan(text)).map((m) => text.slice(m.start, m.end));
    expect(found('America and its allies')).toEqual(['America']);
    expect(found('Trade with South America grew.')).toEqual([]);
    expect(found('a Voice of America report')).toEqual([]);
    expect(found('America First Credit Union opened a branch')).toEqual([]);
    expect(found('America first, he said')).toEqual(['America']);
    expect(found('south of America')).toEqual(['America']);
    // Only that occurrence: the next one fires.
    expect(found('From South America to America.')).toEqual(['America']);
  });

  it('gives UTF-16 offsets, astral characters included', () => {
    const text = '😀 Putin';
    expect(find(text)).toEqual([['vladimir-putin', 'Putin', 3, 8]]);
  });

  it('offsets a block by its base', () => {
    const out = resolveMentions(matcher.scan('see NATO', 100));
    expect(out.map((m) => [m.start, m.end])).toEqual([[104, 108]]);
  });

  it('splits page mentions by block, empty blocks included', () => {
    const blocks = ['NATO met.', 'Nothing here.', 'Putin and NATO.'];
    const bases = [0, 10, 24];
    const candidates = blocks.flatMap((t, i) => matcher.scan(t, bases[i]));
    const per = mentionsByBlock(resolveMentions(candidates), bases);
    expect(per.map((ms) => ms.map((m) => [index.entries[m.entry].id, m.start]))).toEqual([[['nato', 0]], [], [['vladimir-putin', 24], ['nato', 34]]]);
  });

  it('costs the same whatever the number of aliases (one lookup per word)', () => {
    const many = [...ENTRIES];
    for (let i = 0; i < 5000; i++) many.push(entry(`synthetic-${i}`, [`Zqx${i} Vorn${i}`], 'concept'));
    const big = new Matcher(compileIndex(many));
    const text = 'Vladimir Putin met NATO leaders in Kyiv. '.repeat(2000);
    const time = (m: Matcher) => {
      const t0 = performance.now();
      for (let r = 0; r < 5; r++) m.scan(text);
      return performance.now() - t0;
    };
    time(matcher);
    time(big);
    // The fastest of five, alternating: a burst of load elsewhere on the machine (it failed once beside a running
    // browser suite with the fastest of two) slows a round, never speeds one up.
    const rounds = Array.from({ length: 5 }, () => [time(matcher), time(big)]);
    const small = Math.min(...rounds.map(([s]) => s));
    const large = Math.min(...rounds.map(([, l]) => l));
    expect(large / small).toBeLessThan(2);
  });
});

describe('plain text (ASCII words, typographic punctuation) and Latin text take faster paths with the same result', () => {
  it('creates the Unicode word expression once, when first asked for, and it reads any script', () => {
    expect(wordRe()).toBe(wordRe());
    expect('Зеленський і Zełenski, 東京'.match(wordRe())).toEqual(['Зеленський', 'і', 'Zełenski', '東京']);
    expect(hasWord('— · —')).toBe(false);
    expect(hasWord('— 東 —')).toBe(true);
    expect(foldWord('Zełenski')).toBe('zełenski');
    expect(foldWord('Ёлка')).toBe('елка');
  });

  it('reads every apostrophe the matcher knows as one in a gap', () => {
    for (const c of APOSTROPHES) expect(normalizeGap(`s${String.fromCharCode(c)} `), c.toString(16)).toBe("s' ");
  });

  it('plain characters outside ASCII are never letters, digits or marks (every code point of the BMP)', () => {
    const word = /[\p{L}\p{N}\p{M}]/u;
    const wrong: string[] = [];
    for (let c = 0x80; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (!NOT_PLAIN.test(ch) && word.test(ch)) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('Latin text is read with explicit classes exactly as with the Unicode ones (every code point of the BMP)', () => {
    const latinWord = new RegExp(`^(?:${LATIN_WORD_RE.source})$`);
    const word = /^[\p{L}\p{N}\p{M}]$/u;
    const alnum = /[\p{L}\p{N}]/u;
    const wrong: string[] = [];
    let latin = 0;
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (!isLatin(ch)) continue;
      latin++;
      if (latinWord.test(ch) !== word.test(ch)) wrong.push(`word ${c.toString(16)}`);
      if (hasWord(ch) !== alnum.test(ch)) wrong.push(`hasWord ${c.toString(16)}`);
      const folded = ch.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
      if (word.test(ch) && foldWord(ch) !== folded) wrong.push(`fold ${c.toString(16)}`);
    }
    expect(wrong).toEqual([]);
    expect(latin).toBeGreaterThan(1000);
    expect(foldWord('Zelenskyý')).toBe('zelenskyy');
  });

  // Appending a word in another script sends the same text down the Unicode path: results must not change.
  const samples = [
    'Le président Zelenskyy a rencontré l’OTAN à Kyiv : « Article 5 » et la coalition of the willing, été 2025.',
    'Präsident Putin traf NATO-Vertreter in Kyiv; Zelenskyý und die United States äußerten sich.',
    'Putin’s envoy met NATO in Kyiv — and the U.S. said “Article 5” applies to the alliance.',
    'Vladimir\u00a0Putin, Zelenskyy and the coalition of the willing… Georgia’s coast; Putin.',
    'The North Atlantic Treaty Organization – «NATO» – and Article 5-like terms, 2025.',
    "d'Putin and O'Kyiv are not names; Kyiv's mayor is.",
    'Putin and ½ of Kyiv (µ aside) are not plain text: this sample takes the Unicode path anyway.',
  ];
  for (const text of samples) {
    it(JSON.stringify(text.slice(0, 40)), () => {
      const plain = find(text);
      expect(find(`${text} Київ`).slice(0, plain.length)).toEqual(plain);
      expect(plain.length).toBeGreaterThan(0);
    });
  }
});

describe('very large dictionaries put a bit filter in front of the root map', () => {
  it('never hides a word that starts an alias', () => {
    const words = Array.from({ length: 30_000 }, (_, i) => `w${i.toString(36)}x`);
    const filter = new WordFilter(words, words.length);
    expect(words.every((w) => filter.mayHave(w))).toBe(true);
    const strangers = Array.from({ length: 10_000 }, (_, i) => `q${i}`);
    expect(strangers.filter((w) => filter.mayHave(w)).length).toBeLessThan(500); // a few per cent at most
  });

  it('finds the same mentions with 25,000 more first words as without them', () => {
    const extra = Array.from({ length: 25_000 }, (_, i) => entry(`synthetic-${i}`, [`Zq${i.toString(36)}vor Plenk`], 'person'));
    const big = compileIndex([...ENTRIES, ...extra]);
    const bigMatcher = new Matcher(big);
    expect(big.aliases.length).toBeGreaterThan(FILTER_FROM_WORDS);
    const text = 'Vladimir Putin met NATO leaders in Kyiv; the coalition of the willing and the U.S. said Article 5 applies to the alliance. Путин, Київ.';
    const names = (idx: typeof index, m: Matcher) => resolveMentions(m.scan(text)).map((x) => idx.entries[x.entry].id);
    expect(names(big, bigMatcher)).toEqual(names(index, matcher));
    expect(names(index, matcher).length).toBeGreaterThan(5);
  });
});
