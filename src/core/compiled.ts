/**
 * The compiled dataset: what the build derives from `src/dataset/*.json` and ships to the content script.
 * Small on purpose: the alias index and the few fields a highlight needs. Cards are looked up by id
 * through the gateway ({@link ./gateway}), so the full text of entries never enters a page until it is shown.
 */
import { aliasObject, type Entry, type EntryKind } from './types';
import { aliasPath } from './text';

export interface IndexEntry {
  id: string;
  kind: EntryKind;
  name: string;
}

export interface IndexAlias {
  /** Index into {@link CompiledIndex.entries}. */
  entry: number;
  text: string;
  exact: boolean;
  /** Entry indexes, one of which must be mentioned on the page (alias `when.page`). */
  page?: number[];
  /** Phrases one of which must stand near (alias `when.near`). */
  near?: string[];
  /** Longer names the alias does not fire inside (alias `except`). */
  except?: string[];
  /** The trie path of the alias, precomputed ({@link aliasPath}); recomputed when absent. */
  path?: string[];
  /** Trailing punctuation that belongs to the alias, when there is any. */
  suffix?: string;
}

export interface CompiledIndex {
  version: 1;
  entries: IndexEntry[];
  aliases: IndexAlias[];
}

/** Compiles entries into the index. Unknown ids in `when.page` are dropped here; the dataset lint reports them. */
export function compileIndex(entries: readonly Entry[]): CompiledIndex {
  const position = new Map(entries.map((e, i) => [e.id, i]));
  const aliases: IndexAlias[] = [];
  entries.forEach((entry, i) => {
    for (const raw of entry.aliases) {
      const a = aliasObject(raw);
      const { path, suffix } = aliasPath(a.text);
      const out: IndexAlias = { entry: i, text: a.text, exact: a.case === 'exact', path };
      if (suffix) out.suffix = suffix;
      if (a.when?.page) out.page = a.when.page.map((id) => position.get(id)).filter((n): n is number => n !== undefined);
      if (a.when?.near) out.near = a.when.near;
      if (a.when && !out.page?.length && !out.near?.length) out.page = [];
      if (a.except?.length) out.except = a.except;
      aliases.push(out);
    }
  });
  return { version: 1, entries: entries.map(({ id, kind, name }) => ({ id, kind, name })), aliases };
}
