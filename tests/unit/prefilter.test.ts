/**
 * The prefilter's promise: a text in which the matcher finds a mention always holds a key word. Checked on every
 * alias of the dataset, the claims evaluation set, the reference article and texts of our own; and it must stay
 * quiet on text that mentions nothing, or it saves nothing.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { compileIndex } from '../../src/core/compiled';
import { Matcher, resolveMentions } from '../../src/core/matcher';
import { hasKeyWord, keyOfAlias, keyWords } from '../../src/core/prefilter';
import { loadDataset, ROOT } from '../../scripts/lib/dataset';

const data = loadDataset();
const index = compileIndex(data.entries);
const matcher = new Matcher(index);
const keys = new Set(keyWords(index));
const mentions = (text: string) => resolveMentions(matcher.scan(text));

describe('prefilter', () => {
  it('chooses an uncommon word of an alias as its key', () => {
    expect(keyOfAlias('the Kremlin')).toBe('kremlin');
    expect(keyOfAlias('Minsk agreement')).toBe('minsk');
    expect(keyOfAlias('coalition of the willing')).toBe('coalition');
    expect(keyOfAlias('Article 5')).toBe('article');
    expect(keyOfAlias('Зеленський')).toBe('зеленськии');
    expect(keyOfAlias('the')).toBe('the');
  });

  it('is a few thousand words at most, far fewer than the aliases’ words', () => {
    expect(keys.size).toBeGreaterThan(100);
    expect(keys.size).toBeLessThan(index.aliases.length);
  });

  it('finds a key in every alias that can fire on its own, written as the dataset writes it', () => {
    for (const alias of index.aliases) {
      if (alias.page && !alias.near?.length) continue;
      expect(hasKeyWord(alias.text, keys), alias.text).toBe(true);
    }
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
      expect(hasKeyWord(text, keys), text).toBe(true);
    }
    expect(withMentions).toBeGreaterThan(200);
  });

  it('says no on text that mentions nothing', () => {
    const quiet = [
      'The morning was grey and the kettle took its time. We spoke about soup, about the small garden behind the house.',
      'Preheat the oven, whisk two eggs with the sugar and fold in the flour; bake for twenty minutes.',
      'The home side equalised late in the second half after a corner was only half cleared.',
    ];
    for (const text of quiet) {
      expect(mentions(text), text).toEqual([]);
      expect(hasKeyWord(text, keys), text).toBe(false);
    }
  });
});
