import { describe, it, expect } from 'vitest';
import { entryCard, type CardModel } from '../../src/core/card';
import { compileIndex } from '../../src/core/compiled';
import { buildSearchDocs, buildSearchIndex, firstSentence, Rank, search, searchIndexOf, searchSize } from '../../src/core/search';
import type { Entry } from '../../src/core/types';
import { loadDataset } from '../../scripts/lib/dataset';

function entry(id: string, name: string, kind: Entry['kind'], aliases: Entry['aliases'], summary: string): Entry {
  return {
    id, name, kind, aliases, summary,
    sources: [{ title: 'S', publisher: 'P', url: 'https://example.org/', accessed: '2026-01-01' }],
    asOf: '2026-01-01',
  };
}

const ENTRIES: Entry[] = [
  entry('kyiv', 'Kyiv', 'place', ['Kyiv', 'Kiev', 'Київ'], 'Capital of Ukraine, on the Dnieper. "Kiev" is the older spelling.'),
  entry('zelensky', 'Volodymyr Zelensky', 'person', ['Zelensky', 'Zelenskyy', 'Zełenski'], 'President of Ukraine since 2019.'),
  entry('article-5', 'Article 5 of the North Atlantic Treaty', 'treaty',
    [{ text: 'Article 5', when: { page: ['nato'] } }, 'NATO Article 5'], 'The mutual-defence clause of NATO.'),
  entry('nato', 'NATO', 'organisation', ['NATO', 'North Atlantic Treaty Organization'],
    'Military alliance whose Article 5 makes an attack on one an attack on all.'),
  entry('kyivan-rus', 'Kyivan Rus', 'place', ['Kyivan Rus', "Kievan Rus'"], 'Medieval state centred on Kyiv.'),
  entry('sao-paulo', 'São Paulo', 'place', ['São Paulo'], 'Largest city of Brazil.'),
];

const names = new Map(ENTRIES.map((e) => [e.id, e.name]));
const CARDS: Record<string, CardModel> = Object.fromEntries(ENTRIES.map((e) => [e.id, entryCard(e, (id) => names.get(id))]));
const INDEX = buildSearchIndex(CARDS, compileIndex(ENTRIES));
const ids = (query: string) => search(INDEX, query).map((h) => h.id);

describe('glossary search', () => {
  it('finds an entry by an alias in another spelling, ignoring case', () => {
    expect(ids('kiev')[0]).toBe('kyiv');
    expect(ids('KIEV')[0]).toBe('kyiv');
    expect(search(INDEX, 'kiev')[0]).toMatchObject({ rank: Rank.Exact, matched: 'Kiev', name: 'Kyiv', kind: 'place' });
  });

  it('ignores diacritics in the query and in the names', () => {
    expect(ids('zelénsky')[0]).toBe('zelensky');
    expect(ids('zelenskyy')[0]).toBe('zelensky');
    expect(ids('ZELENSKÝ')[0]).toBe('zelensky');
    expect(ids('sao paulo')).toEqual(['sao-paulo']);
    expect(ids('SÃO')).toEqual(['sao-paulo']);
  });

  it('finds aliases in other scripts', () => {
    expect(ids('київ')).toEqual(['kyiv']);
  });

  it('finds a multi-word alias that needs page context to highlight', () => {
    expect(ids('article 5')[0]).toBe('article-5');
  });

  it('ranks exact name or alias, then prefix, then word prefix, then summary', () => {
    // "kyiv": exact name of Kyiv; prefix of "Kyivan Rus"; and nothing else has it in a name.
    const hits = search(INDEX, 'kyiv');
    expect(hits.map((h) => [h.id, h.rank])).toEqual([
      ['kyiv', Rank.Exact],
      ['kyivan-rus', Rank.Prefix],
    ]);
    // "atlantic": a word inside names of NATO (alias) and Article 5 (name); the name match comes first.
    expect(search(INDEX, 'atlantic').map((h) => [h.id, h.rank])).toEqual([
      ['article-5', Rank.WordPrefix],
      ['nato', Rank.WordPrefix],
    ]);
    // "article 5": exact alias of Article 5, word prefix of NATO's alias? No: NATO has it only in its summary.
    expect(search(INDEX, 'article 5').map((h) => [h.id, h.rank])).toEqual([
      ['article-5', Rank.Exact],
      ['nato', Rank.Summary],
    ]);
  });

  it('searches summaries from the start of a word', () => {
    expect(ids('dnieper')).toEqual(['kyiv']);
    expect(ids('brazil')).toEqual(['sao-paulo']);
    // "ital" is inside "Capital" but starts no word.
    expect(ids('ital')).toEqual([]);
  });

  it('matches every word of the query in any order as a last resort', () => {
    expect(search(INDEX, 'ukraine president').map((h) => [h.id, h.rank])).toEqual([['zelensky', Rank.AllWords]]);
  });

  it('ignores punctuation and extra spaces in the query', () => {
    expect(ids('  Kievan   Rus’ ')[0]).toBe('kyivan-rus');
  });

  it('gives nothing for an empty or punctuation-only query, and nothing for a miss', () => {
    expect(ids('')).toEqual([]);
    expect(ids('  ,. ')).toEqual([]);
    expect(ids('qwertyuiop')).toEqual([]);
  });

  it('counts one document per card, and works without the compiled index (names only)', () => {
    expect(searchSize(INDEX)).toBe(ENTRIES.length);
    const bare = buildSearchIndex(CARDS);
    expect(search(bare, 'kyiv')[0].id).toBe('kyiv');
    expect(search(bare, 'kiev').map((h) => h.rank)).toEqual([Rank.Summary]);
  });

  it('respects the limit', () => {
    expect(search(INDEX, 'k', 1)).toHaveLength(1);
  });
});

describe('search documents shipped as JSON (data/glossary.json)', () => {
  const shipped = searchIndexOf(JSON.parse(JSON.stringify(buildSearchDocs(CARDS, compileIndex(ENTRIES)))));

  it('search the same as an index built from the cards, every rank included', () => {
    for (const q of ['kiev', 'zelénsky', 'article 5', 'kyiv', 'alliance', 'ukraine president', 'k', 'київ', 'nothing here']) {
      expect(search(shipped, q)).toEqual(search(buildSearchIndex(CARDS, compileIndex(ENTRIES)), q));
    }
    expect(search(shipped, 'ukraine president').map((h) => h.rank)).toEqual([Rank.AllWords]);
  });

  it('carry the first sentence of the summary (what a result shows), and search the whole of it', () => {
    const kyiv = buildSearchDocs(CARDS).find((d) => d.id === 'kyiv')!;
    expect(kyiv.summary).toBe('Capital of Ukraine, on the Dnieper.');
    expect(search(shipped, 'older spelling').map((h) => [h.id, h.rank, h.summary])).toEqual([['kyiv', Rank.Summary, kyiv.summary]]);
  });

  it('come sorted by name', () => {
    const names = buildSearchDocs(CARDS).map((d) => d.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true })));
  });
});

describe('firstSentence', () => {
  it('cuts at the end of the first sentence', () => {
    expect(firstSentence('Capital of Ukraine. Once the centre of Rus.')).toBe('Capital of Ukraine.');
  });
  it('does not cut after an initial or an abbreviation of capitals', () => {
    expect(firstSentence('Envoy of the U.S. President to Kyiv. Later more.')).toBe('Envoy of the U.S. President to Kyiv.');
    expect(firstSentence('J. Smith wrote it. Then more.')).toBe('J. Smith wrote it.');
  });
  it('keeps a one-sentence summary whole', () => {
    expect(firstSentence('One sentence only')).toBe('One sentence only');
  });
});

describe('glossary search over the real dataset', () => {
  const data = loadDataset();
  const nameOf = new Map(data.entries.map((e) => [e.id, e.name]));
  const cards = Object.fromEntries(data.entries.map((e) => [e.id, entryCard(e, (id) => nameOf.get(id))]));
  const index = buildSearchIndex(cards, compileIndex(data.entries));

  it.each([
    ['kiev', 'kyiv'],
    ['zelenskyy', 'volodymyr-zelensky'],
    ['article 5', 'article-5'],
  ])('%s finds %s first', (query, id) => {
    expect(search(index, query)[0]?.id).toBe(id);
  });
});
