import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileIndex } from '../../src/core/compiled';
import { lintDataset, formatProblem } from '../../src/core/lint';
import { Matcher, resolveMentions } from '../../src/core/matcher';
import type { Entry } from '../../src/core/types';
import { loadDataset, ROOT } from '../../scripts/lib/dataset';

const data = loadDataset();
const index = compileIndex(data.entries);
const matcher = new Matcher(index);
const byId = new Map(data.entries.map((e) => [e.id, e]));
const idsIn = (text: string) => [...new Set(resolveMentions(matcher.scan(text)).map((m) => index.entries[m.entry].id))];
const SHARED = resolve(ROOT, process.env.SHARED_DIR ?? '../shared');

describe('the dataset', () => {
  it('passes the schema and every lint rule', () => {
    expect(data.problems.map(formatProblem)).toEqual([]);
  });

  it('has at least 150 entries of every kind', () => {
    expect(data.entries.length).toBeGreaterThanOrEqual(150);
    for (const kind of ['person', 'organisation', 'place', 'treaty', 'event', 'concept']) {
      expect(data.entries.filter((e) => e.kind === kind).length, kind).toBeGreaterThanOrEqual(10);
    }
  });

  it('covers every entity the reference article names', () => {
    const text = readFileSync(resolve(SHARED, 'articles/security-guarantees.txt'), 'utf8');
    const found = idsIn(text);
    for (const id of ['russia', 'ukraine', 'sergey-lavrov', 'vladimir-putin', 'donald-trump', 'steve-witkoff', 'samuel-charap',
      'alexander-stubb', 'anton-troianovski', 'nato', 'kremlin', 'rand-corporation', 'moscow', 'kyiv', 'finland', 'china',
      'france', 'united-kingdom', 'united-states', 'europe', 'article-5', 'coalition-of-the-willing', 'security-guarantees',
      'guarantor-states', 'russian-invasion-of-ukraine', 'istanbul-talks-2022', 'draft-treaty-april-2022']) {
      expect(found, id).toContain(id);
    }
  });

  it('knows the spellings readers meet, in Latin and Cyrillic script', () => {
    const cases: [string, string][] = [
      ['Kyiv', 'kyiv'], ['Kiev', 'kyiv'], ['Київ', 'kyiv'], ['Киев', 'kyiv'],
      ['Zelensky', 'volodymyr-zelensky'], ['Zelenskyy', 'volodymyr-zelensky'], ['Zelenskiy', 'volodymyr-zelensky'],
      ['Зеленський', 'volodymyr-zelensky'], ['Зеленский', 'volodymyr-zelensky'],
      ['Kharkiv', 'kharkiv'], ['Kharkov', 'kharkiv'], ['Лавров', 'sergey-lavrov'], ['НАТО', 'nato'], ['Путин', 'vladimir-putin'],
    ];
    for (const [text, id] of cases) expect(idsIn(`${text} said so.`), text).toContain(id);
  });

  it('knows the names in the other languages of the corpus, with context where a name is also a word', () => {
    const cases: [string, string][] = [
      ['Russie', 'russia'], ['Russland', 'russia'], ['Rusia', 'russia'], ['Rosja', 'russia'], ['Rusko', 'russia'],
      ['Ucrania', 'ukraine'], ['Ucraina', 'ukraine'], ['Ukrajina', 'ukraine'], ['Kiew', 'kyiv'], ['Kijów', 'kyiv'],
      ['Crimée', 'crimea'], ['Krim', 'crimea'], ['Moscou', 'moscow'], ['Moskau', 'moscow'], ['Kreml', 'kremlin'],
      ['Unión Europea', 'european-union'], ['Europäische Union', 'european-union'], ['Zelenskyj', 'volodymyr-zelensky'],
    ];
    for (const [text, id] of cases) expect(idsIn(`${text} said so.`), text).toContain(id);
    // "Poutine" is also a dish: the president only where the page is about Russia.
    expect(idsIn('Poutine a reçu le ministre au Kremlin.')).toContain('vladimir-putin');
    expect(idsIn('Poutine is a Quebec dish of fries, cheese curds and gravy.')).toEqual([]);
    // The cruiser Moskva is not Moscow.
    expect(idsIn('The cruiser Moskva sank in April 2022.')).not.toContain('moscow');
  });

  it('keeps false friends dark on off-topic pages', () => {
    const offTopic = [
      'Michael Jordan scored 40 points as the Bulls beat Georgia Tech and the Washington Wizards in a preseason game.',
      'Roast the turkey for three hours, then rand the butter into the pan and trump your guests with a crisp skin.',
      'Under Article 5 of the GDPR, personal data must be processed lawfully, fairly and in a transparent manner; Article 4 defines terms.',
      'The Georgia Bulldogs play Turkey Day football while Jordan Spieth golfs in Washington state.',
      'Denzel Washington starred with Chad Coleman; Rand Paul spoke in Washington about tax policy.',
      // Found on corpus pages: a game's regional release, and a football site's name.
      'Metroid Prime (EU release, 2003) runs faster than the Japanese one on the EU servers.',
      'The website Football.London rated the defender highly after the derby.',
      'Photo: Agence France-Presse. He flew Air France to watch the Tour de France; France 24 and Radio France reported it.',
      'Eich donated US$1,000 in 2008.',
    ];
    for (const text of offTopic) expect(idsIn(text), text).toEqual([]);
  });

  it('lights ambiguous aliases when the page is about the war', () => {
    expect(idsIn('NATO leaders discussed Article 5 as Russia pressed on in Ukraine.')).toContain('article-5');
    expect(idsIn('Putin met Erdogan in Turkey to talk about Ukraine and NATO.')).toContain('turkey');
  });

  it('gives treaties and drafts their substance', () => {
    const facts = (id: string) => JSON.stringify(byId.get(id)?.facts ?? []).toLowerCase();
    expect(facts('article-5')).toMatch(/attack/);
    expect(facts('article-4')).toMatch(/consult/);
    expect(facts('budapest-memorandum')).toMatch(/nuclear/);
    const draft = facts('draft-treaty-april-2022');
    expect(draft).toMatch(/guarantor/);
    expect(draft).toMatch(/crimea/);
    expect(draft).toMatch(/85,000|85 000|85000/);
    expect(draft).toMatch(/250,000|250 000|250000/);
    expect(facts('istanbul-communique')).toMatch(/neutral/);
  });

  it('has a source for every entry, https links only, and summaries within 60 words', () => {
    for (const e of data.entries) {
      expect(e.sources.length, e.id).toBeGreaterThan(0);
      for (const s of e.sources) expect(s.url, e.id).toMatch(/^https:\/\//);
      expect(e.summary.split(/\s+/).length, e.id).toBeLessThanOrEqual(60);
    }
  });
});

describe('dataset lint', () => {
  const good: Entry = {
    id: 'a', kind: 'person', name: 'A', aliases: ['Alpha'], summary: 'A person used in lint tests.',
    sources: [{ title: 'T', publisher: 'P', url: 'https://example.org/a', accessed: '2025-01-01' }], asOf: '2025-01-01',
  };
  const lint = (entries: Entry[]) => lintDataset([{ file: 'src/dataset/test.json', entries }], '2026-01-01').map(formatProblem);

  it('accepts a good entry', () => expect(lint([good])).toEqual([]));

  it('names file, entry and field for each problem', () => {
    expect(lint([{ ...good, sources: [] }])).toEqual(['src/dataset/test.json: entry "a", field sources: has no source']);
    expect(lint([{ ...good, sources: [{ ...good.sources[0], url: 'http://example.org' }] }])[0]).toMatch(/field sources\[0\]\.url: not an https link/);
    expect(lint([{ ...good, related: ['nobody'] }])[0]).toMatch(/field related\[0\]: no entry with id "nobody"/);
    expect(lint([{ ...good, asOf: '2027-01-01' }])[0]).toMatch(/field asOf: date in the future/);
    expect(lint([{ ...good, dates: [{ date: '2030', precision: 'year', label: 'Later', source: 0 }] }])[0]).toMatch(/dates\[0\]\.date: date in the future/);
    expect(lint([{ ...good, dates: [{ date: '2020-01', precision: 'day', label: 'Month', source: 0 }] }])[0]).toMatch(/precision/);
    expect(lint([{ ...good, facts: [{ label: 'L', value: 'V', source: 3 }] }])[0]).toMatch(/facts\[0\]\.source: no source #3/);
    expect(lint([{ ...good, summary: 'word '.repeat(61) }])[0]).toMatch(/field summary: 61 words/);
    expect(lint([good, { ...good, id: 'b', aliases: ['ALPHA'] }])[0]).toMatch(/entry "b", field aliases\[0\]: alias "ALPHA" is also an alias of "a"/);
    expect(lint([good, { ...good }])[0]).toMatch(/duplicate id/);
  });
});
