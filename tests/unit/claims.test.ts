import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ClaimDetector, claimCard, claimPatternProblems, compileClaims, type ClaimDef, type ClaimPattern } from '../../src/core/claims';
import { compileIndex } from '../../src/core/compiled';
import { Matcher, resolveMentions, type Mention } from '../../src/core/matcher';
import type { Alias, Entry, EntryKind } from '../../src/core/types';
import { loadDataset, ROOT } from '../../scripts/lib/dataset';
import { evaluate, loadPipeline, PRECISION_GOAL, RECALL_GOAL, EVAL_SET, type EvalItem } from '../../scripts/eval-claims';

// ---------------------------------------------------------------------------------------------------------------
// Small, hand-made dataset: the detector's behaviour, independent of the real claims.

function entry(id: string, aliases: Alias[], kind: EntryKind = 'person'): Entry {
  return { id, kind, name: id, aliases, summary: 'A test entry for the claim detector.', sources: [], asOf: '2025-01-01' };
}

const ENTRIES = [
  entry('vladimir-putin', ['Vladimir Putin', { text: 'Putin', case: 'exact' }]),
  entry('russia', ['Russia', 'Russian Federation'], 'place'),
  entry('ukraine', ['Ukraine'], 'place'),
  entry('kremlin', ['Kremlin'], 'organisation'),
  entry('article-5', ['Article 5'], 'treaty'),
];
const SOURCE = { title: 'A source', publisher: 'Publisher', url: 'https://example.org/a', accessed: '2026-11-29' };

function claim(id: string, pattern: ClaimPattern | ClaimPattern[], extra: Partial<ClaimDef> = {}): ClaimDef {
  return {
    id,
    kind: 'claim',
    name: id,
    aliases: [],
    statement: `Statement of ${id}.`,
    record: `What the record shows about ${id}.`,
    sources: [SOURCE],
    asOf: '2026-11-29',
    pattern,
    ...extra,
  };
}

const ACCEPTED = claim('putin-accepted', {
  all: [
    ['entity:vladimir-putin', 'entity:kremlin', 'moscow'],
    ['accept*', 'agree*', 'concession', 'signed off'],
    ['entity:article-5', 'article 5-like', 'nato-style'],
  ],
  negatable: true,
  head: [1],
});
const NO_TROOPS = claim('no-troops', {
  all: [['western', 'nato'], ['troops', 'soldiers'], ['entity:ukraine'], ['no', 'never', 'unacceptable', 'reject*']],
  negatable: false,
});
const GUARANTOR = claim('guarantor', {
  all: [['entity:russia', 'moscow'], ['guarant*'], ['one of', 'among', 'part of']],
});
const UNKNOWN_ENTITY = claim('unknown-entity', { all: [['entity:no-such-entry', 'utopia'], ['entity:russia', 'moscow']], negatable: false });

const index = compileIndex(ENTRIES);
const matcher = new Matcher(index);
const compiled = compileClaims([ACCEPTED, NO_TROOPS, GUARANTOR, UNKNOWN_ENTITY], index);
const detector = new ClaimDetector(compiled);

function mentionsOf(text: string, base = 0): Mention[] {
  return resolveMentions(matcher.scan(text, base));
}
function detect(text: string): string[] {
  return detector.detect(text, mentionsOf(text)).map((m) => m.id);
}

describe('compileClaims', () => {
  it('is small JSON: folded phrases and term references, no statement, record or sources', () => {
    expect(JSON.parse(JSON.stringify(compiled))).toEqual(compiled);
    const json = JSON.stringify(compiled);
    expect(json).not.toContain('Statement of');
    expect(json).not.toContain('record shows');
    expect(json).not.toContain('https://');
    expect(compiled.claims.map((c) => [c.id, c.name])).toEqual([
      ['putin-accepted', 'putin-accepted'],
      ['no-troops', 'no-troops'],
      ['guarantor', 'guarantor'],
      ['unknown-entity', 'unknown-entity'],
    ]);
    expect(compiled.phrases).toContain('article 5 like');
    expect(compiled.phrases).toContain('accept*');
    expect(compiled.phrases).toContain('nato style');
  });

  it('encodes entity terms as negative entry indexes and drops unknown entity ids', () => {
    const [group] = compiled.claims[0].patterns[0].all;
    const putin = ENTRIES.findIndex((e) => e.id === 'vladimir-putin');
    expect(group).toContain(-1 - putin);
    const unknown = compiled.claims[3].patterns[0].all[0];
    expect(unknown).toEqual([compiled.phrases.indexOf('utopia')]);
  });

  it('defaults negatable to true and keeps head and window', () => {
    expect(compiled.claims[0].patterns[0]).toMatchObject({ negatable: true, head: [1] });
    expect(compiled.claims[1].patterns[0].negatable).toBe(false);
    expect(compiled.claims[2].patterns[0].negatable).toBe(true);
  });

  it('reports unknown entities, empty groups and bad heads in patterns', () => {
    const bad = claim('bad', { all: [['entity:nobody'], []], head: [5] });
    const problems = claimPatternProblems([bad, ACCEPTED], ENTRIES);
    expect(problems.map((p) => `${p.claim} ${p.field}: ${p.message}`)).toEqual([
      expect.stringMatching(/^bad pattern\.all: no group names anyone or anything of this war/),
      'bad pattern.all[0][0]: no entry with id "nobody"',
      'bad pattern.all[1]: empty group',
      'bad pattern.head[0]: no group #5',
    ]);
  });

  it('asks every pattern for a group that names someone or something of this war, not words any conflict has', () => {
    const message = (all: string[][]) => claimPatternProblems([claim('c', { all })], ENTRIES).map((p) => p.message.split(':')[0]);
    const none = ['no group names anyone or anything of this war (an entry that is not a concept, or one of its one-word aliases)'];
    // Fired on a Sudan story before it named Russia (decision 005).
    expect(message([['sanction*', 'embargo*'], ['lift*', 'relief'], ['deal', 'settlement']])).toEqual(none);
    expect(message([['ceasefire', 'truce'], ['before'], ['talks']])).toEqual(none);
    for (const named of [['entity:russia'], ['Kremlin'], ['without russia'], ['ukrain*'], ['putin']]) {
      expect(message([['sanction*'], ['lift*', ...named]]), named[0]).toEqual([]);
    }
    // A concept is no actor; a stem of a word that is no one-word alias is none either.
    expect(message([['entity:article-5'], ['guarant*']])).toEqual([]); // a treaty names this war's record
    expect(message([['artic*'], ['rus*ia']])).toEqual(none);
  });
});

describe('ClaimDetector', () => {
  it('recognises paraphrases, passive voice and reported speech', () => {
    expect(detect('Putin accepted Article 5-like guarantees for Ukraine.')).toEqual(['putin-accepted']);
    expect(detect('According to the envoy, the Kremlin agreed to NATO-style protection.')).toEqual(['putin-accepted']);
    expect(detect('Article 5-like guarantees were signed off by Putin, officials said.')).toEqual(['putin-accepted']);
    expect(detect('Moscow, the envoy said, made a concession on Article 5.')).toEqual(['putin-accepted']);
  });

  it('does not count a negated claim', () => {
    expect(detect('Putin did not accept Article 5-like guarantees.')).toEqual([]);
    expect(detect("Putin didn't accept Article 5-like guarantees.")).toEqual([]);
    expect(detect('Putin never agreed to NATO-style protection for Ukraine.')).toEqual([]);
    expect(detect('Putin refused to accept Article 5-like guarantees.')).toEqual([]);
  });

  it('does not count a claim reported in order to deny or doubt it', () => {
    expect(detect('The Kremlin denies that Putin accepted Article 5-like guarantees.')).toEqual([]);
    expect(detect('It is false that Putin accepted Article 5-like guarantees.')).toEqual([]);
    expect(detect('Lavrov rejected the claim that Putin accepted Article 5-like guarantees.')).toEqual([]);
    expect(detect('It is unclear whether Putin accepted Article 5-like guarantees.')).toEqual([]);
    expect(detect('Did Putin accept Article 5-like guarantees?')).toEqual([]);
  });

  it('reads "whether ... or ..." as alternatives, not doubt', () => {
    expect(detect('Putin accepted Article 5-like guarantees, whether in Alaska or by phone afterwards.')).toEqual(['putin-accepted']);
    expect(detect('Nobody knows whether Putin accepted Article 5-like guarantees.')).toEqual([]);
    expect(detect('It is unclear whether Putin accepted Article 5-like guarantees or merely listened.')).toEqual([]); // "unclear" doubts it
  });

  it('limits a denial to its clause', () => {
    const text = 'Kyiv dismisses the idea that Russia is one of the guarantors, given that Putin accepted Article 5-like guarantees.';
    expect(detect(text)).toEqual(['putin-accepted']);
  });

  it('keeps persistence idioms and negators that are the claim\'s own words', () => {
    expect(detect('Putin has not budged and accepted Article 5-like guarantees.')).toEqual(['putin-accepted']);
    expect(detect('No Western troops may be based in Ukraine, Moscow says.')).toEqual(['no-troops']);
    expect(detect('Russia will never tolerate NATO soldiers in Ukraine.')).toEqual(['no-troops']);
  });

  it('a negation elsewhere in the sentence leaves the claim alone', () => {
    const text = 'Russia, the Kremlin says, should be one of the guarantors, and no Western troops should be based in Ukraine.';
    const found = detect(text);
    expect(found).toHaveLength(1); // one claim per sentence: the best-scoring one
    expect(['guarantor', 'no-troops']).toContain(found[0]);
    expect(detect('Russia should be one of the guarantors, though no deal is near.')).toEqual(['guarantor']);
  });

  it('needs every concept group in the same sentence', () => {
    expect(detect('Putin spoke on Monday. Article 5-like guarantees were accepted by Kyiv.')).toEqual([]);
    expect(detect('Article 5 of the treaty says an attack on one is an attack on all.')).toEqual([]);
  });

  it('matches words even when an entity is missing from the dataset', () => {
    expect(detect('Moscow calls that a utopia.')).toEqual(['unknown-entity']);
  });

  it('returns trimmed sentence spans in absolute offsets', () => {
    const text = 'Rain fell.  Putin accepted Article 5-like guarantees.  Then it stopped.';
    const base = 100;
    const found = detector.detect(text, mentionsOf(text, base), base);
    expect(found).toEqual([{ claim: 0, id: 'putin-accepted', start: base + 12, end: base + 53 }]);
    expect(text.slice(found[0].start - base, found[0].end - base)).toBe('Putin accepted Article 5-like guarantees.');
  });

  it('ignores mentions outside the text', () => {
    const text = 'Putin accepted Article 5-like guarantees.';
    const far: Mention[] = [{ entry: 0, alias: 0, start: 5000, end: 5005 }];
    expect(detector.detect(text, [...mentionsOf(text), ...far]).map((m) => m.id)).toEqual(['putin-accepted']);
  });

  it('finds one claim per sentence across a paragraph and several paragraphs', () => {
    const text = 'Putin accepted Article 5-like guarantees. Russia must be one of the guarantors.\nNo Western troops in Ukraine, Moscow insists.';
    expect(detect(text)).toEqual(['putin-accepted', 'guarantor', 'no-troops']);
  });

  it('does nothing without a trigger', () => {
    expect(detect('Simmer the onions, then add the garlic.')).toEqual([]);
    expect(detector.detect('', [])).toEqual([]);
    expect(new ClaimDetector({ version: 1, phrases: [], claims: [] }).detect('Putin accepted Article 5.', [])).toEqual([]);
  });

  it('accepts alternative patterns', () => {
    const alt = claim('alt', [{ all: [['budapest memorandum'], ['guarant*']] }, { all: [['nuclear arsenal'], ['in exchange']] }]);
    const d = new ClaimDetector(compileClaims([alt], index));
    expect(d.detect('The Budapest Memorandum guaranteed nothing.', []).map((m) => m.id)).toEqual(['alt']);
    expect(d.detect('Ukraine gave up its nuclear arsenal in exchange for promises.', []).map((m) => m.id)).toEqual(['alt']);
  });
});

describe('claimCard', () => {
  it('builds a claim card like an entry card', () => {
    const def = claim('putin-accepted', ACCEPTED.pattern, {
      name: 'Putin accepted Article 5-like guarantees',
      dates: [
        { date: '2025-08-20', precision: 'day', label: 'Later', source: 0 },
        { date: '2025-08', precision: 'month', label: 'Earlier', source: [0] },
      ],
      related: ['vladimir-putin', 'not-in-dataset'],
    });
    const card = claimCard(def, (id) => (id === 'vladimir-putin' ? 'Vladimir Putin' : undefined));
    expect(card).toEqual({
      id: 'putin-accepted',
      kind: 'claim',
      name: 'Putin accepted Article 5-like guarantees',
      summary: 'Statement of putin-accepted.',
      record: 'What the record shows about putin-accepted.',
      dates: [
        { iso: '2025-08', text: 'August 2025', label: 'Earlier', sources: [0] },
        { iso: '2025-08-20', text: '20 August 2025', label: 'Later', sources: [0] },
      ],
      facts: [],
      sources: [{ title: 'A source', publisher: 'Publisher', url: 'https://example.org/a', accessed: '29 November 2026' }],
      related: [{ id: 'vladimir-putin', name: 'Vladimir Putin' }],
      asOf: '29 November 2026',
    });
  });
});

describe('src/core/claims.ts stays pure', () => {
  it('imports only pure core modules', () => {
    const source = readFileSync(path.join(ROOT, 'src/core/claims.ts'), 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports.every((i) => i.startsWith('./'))).toBe(true);
    expect(source).not.toMatch(/\b(document|window|chrome|browser|process|require)\./);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The project's claims: data checks, the evaluation set and the reference article.

const data = loadDataset();
const defs = data.claims as ClaimDef[];

describe('claims.json', () => {
  it('has at least 25 claims that pass the schema and the dataset lint', () => {
    expect(defs.length).toBeGreaterThanOrEqual(25);
    expect(data.problems.filter((p) => p.file.endsWith('claims.json'))).toEqual([]);
  });

  it('has patterns whose entity ids exist and whose groups are sound', () => {
    expect(claimPatternProblems(defs, data.entries)).toEqual([]);
  });

  it('keeps records short and sourced', () => {
    for (const d of defs) {
      expect(d.record.trim().split(/\s+/).length, d.id).toBeLessThanOrEqual(80);
      expect(d.sources.length, d.id).toBeGreaterThan(0);
      expect(d.aliases, d.id).toEqual([]);
    }
  });
});

describe('claim detection quality', () => {
  const pipeline = loadPipeline();
  const items = JSON.parse(readFileSync(EVAL_SET, 'utf8')) as EvalItem[];
  /** Precision and recall of the detector on `set` reach the goals; the errors are the failure message. */
  const expectGoals = (set: readonly EvalItem[]) => {
    const result = evaluate(set, pipeline.find, defs.map((d) => d.id));
    expect(result.precision, JSON.stringify(result.errors, null, 1)).toBeGreaterThanOrEqual(PRECISION_GOAL);
    expect(result.recall, JSON.stringify(result.errors, null, 1)).toBeGreaterThanOrEqual(RECALL_GOAL);
  };

  it('has an evaluation set of at least 100 sentences naming only known claims', () => {
    expect(items.length).toBeGreaterThanOrEqual(100);
    const ids = new Set(defs.map((d) => d.id));
    for (const item of items) for (const id of item.claims) expect(ids.has(id), id).toBe(true);
    expect(items.filter((i) => i.claims.length === 0).length).toBeGreaterThanOrEqual(30);
  });

  it(`reaches precision >= ${PRECISION_GOAL} and recall >= ${RECALL_GOAL} on the evaluation set`, () => {
    expectGoals(items);
  });

  it(`stays at precision >= ${PRECISION_GOAL} and recall >= ${RECALL_GOAL} on the held-out batch, never used to tune the patterns`, () => {
    // tests/claims/heldout.json: 74 sentences written from the claims' statements without seeing the patterns or
    // earlier batches (54 make a claim, 20 do not): 0.977 / 0.796 with the patterns of the fifth session's start,
    // 0.978 / 0.815 after its tuning on three other such batches (now in the evaluation set; decision 005). Move it
    // into the evaluation set before tuning on its misses, and write a new held-out batch.
    const heldout = JSON.parse(readFileSync(path.join(path.dirname(EVAL_SET), 'heldout.json'), 'utf8')) as EvalItem[];
    expect(heldout.length).toBeGreaterThanOrEqual(70);
    expectGoals(heldout);
  });

  it('finds no claim of this war in sentences about other conflicts and deals', () => {
    // The words of some claims (sanctions lifted in a deal, a ceasefire before talks, the West blocking a deal, a
    // minerals deal as a guarantee) fit any conflict: each needs a party to this war in the sentence (decision 005).
    const elsewhere = [
      'In exchange for the lifting of United States trade sanctions, Sudan has said it will improve access for aid groups.',
      'Iran wants sanctions lifted as part of any nuclear agreement.',
      'Washington eased oil sanctions on Venezuela as part of an agreement on elections.',
      'Israel insists on a ceasefire before any talks on the hostages can begin.',
      'Hamas wants a full ceasefire first and negotiations after that.',
      'The ceasefire must come before talks, the Colombian government said.',
      'The West blocked the deal, Venezuela claimed.',
      'The minerals deal is a security guarantee for Congo, officials said.',
      'Armenia must cede territory in Nagorno-Karabakh, Azerbaijan said.',
      'China must be a guarantor of any deal on the Korean peninsula.',
      'No Western troops will be deployed in Niger, officials said.',
      'Talks in 2019 nearly ended the war in Afghanistan.',
    ];
    for (const sentence of elsewhere) expect(pipeline.find(sentence), sentence).toEqual([]);
  });

  it('finds the claims of the reference article', () => {
    const shared = path.resolve(process.env.SHARED_DIR ?? path.join(ROOT, '../shared'));
    const text = readFileSync(path.join(shared, 'articles/security-guarantees.txt'), 'utf8');
    const found = new Set(pipeline.find(text));
    for (const id of [
      'putin-accepted-article-5-guarantees',
      'russia-must-be-guarantor',
      'no-western-troops-in-ukraine',
      'security-without-russia-utopia',
      'draft-2022-guarantors-must-agree',
    ]) {
      expect(found.has(id), id).toBe(true);
    }
  });

  it('does not take a dismissal in the reference article for the claim it dismisses', () => {
    const shared = path.resolve(process.env.SHARED_DIR ?? path.join(ROOT, '../shared'));
    const text = readFileSync(path.join(shared, 'articles/security-guarantees.txt'), 'utf8');
    const paragraph = text.split('\n').find((l) => l.includes('largely dismiss the idea'));
    expect(paragraph).toBeDefined();
    const sentence = paragraph!.slice(0, paragraph!.indexOf('2022.') + 5);
    // "dismiss the idea that Russia could be a part of ensuring Ukraine's security, given that it launched its
    // military intervention there in 2014 and its full-scale invasion in 2022": the first claim is disputed,
    // the second (after "given that") is asserted.
    expect(pipeline.find(sentence)).toEqual(['russia-intervened-2014-invaded-2022']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The background's claim service: what content scripts send, what comes back.

import { claimSpans, validClaimBlocks } from '../../src/core/claims-service';

describe('claim service (background)', () => {
  const shippedIndex = compileIndex(data.entries);
  const detector = new ClaimDetector(compileClaims(defs, shippedIndex));
  const matcher = new Matcher(shippedIndex);
  const block = (text: string) => ({ text, mentions: resolveMentions(matcher.scan(text)) });

  it('answers per block, offsets into each block, with the claim name for the page list', () => {
    const blocks = [block('The weather was mild.'), block('Officials said again that Ukraine cannot join NATO. Talks went on.')];
    expect(validClaimBlocks(blocks)).toBe(true);
    const hits = claimSpans(detector, blocks);
    expect(hits).toHaveLength(2);
    expect(hits[0]).toEqual([]);
    expect(hits[1]).toHaveLength(1);
    const [h] = hits[1];
    expect(blocks[1].text.slice(h.start, h.end)).toBe('Officials said again that Ukraine cannot join NATO.');
    expect(h.name).toBe(defs.find((d) => d.id === h.id)!.name);
  });

  it('can create its segmenter ahead of the first request', () => {
    const fresh = new ClaimDetector(compileClaims(defs, shippedIndex));
    fresh.warm();
    expect(claimSpans(fresh, [block('Officials said again that Ukraine cannot join NATO.')])[0]).toHaveLength(1);
  });

  it('refuses requests that do not have the shape of one', () => {
    expect(validClaimBlocks(null)).toBe(false);
    expect(validClaimBlocks([{ text: 5, mentions: [] }])).toBe(false);
    expect(validClaimBlocks([{ text: 'abc', mentions: [{ entry: 0, alias: 0, start: 0, end: 9 }] }])).toBe(false);
    expect(validClaimBlocks([{ text: 'abc', mentions: [{ entry: '0', alias: 0, start: 0, end: 1 }] }])).toBe(false);
    expect(validClaimBlocks([{ text: 'x'.repeat(4_000_001), mentions: [] }])).toBe(false);
    expect(validClaimBlocks([])).toBe(true);
  });
});
