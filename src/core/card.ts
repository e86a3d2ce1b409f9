/**
 * The card model: what a card shows, derived from an entry (or a claim) by a pure function.
 * The card UI renders this and nothing else, so the popup and the hover card agree.
 */
import type { Entry, EntryKind, KeyDate, Precision, SourceRef } from './types';

export interface CardSource {
  title: string;
  publisher: string;
  url: string;
  /** Readable date the source was read, e.g. "29 November 2026". */
  accessed: string;
}

export interface CardDate {
  iso: string;
  /** "4 April 1949", "March 2022", "2014". */
  text: string;
  label: string;
  sources: number[];
}

export interface CardFact {
  label: string;
  value: string;
  note?: string;
  sources: number[];
}

export interface CardModel {
  id: string;
  kind: EntryKind | 'claim';
  name: string;
  description?: string;
  summary: string;
  /** For claims: what the record shows. */
  record?: string;
  dates: CardDate[];
  facts: CardFact[];
  sources: CardSource[];
  related: { id: string; name: string }[];
  asOf: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Formats an ISO date at its precision, in a form every English reader parses the same way. */
export function formatDate(iso: string, precision?: Precision): string {
  const [y, m, d] = iso.split('-');
  const p = precision ?? (d ? 'day' : m ? 'month' : 'year');
  if (p === 'year' || !m) return y;
  const month = MONTHS[Number(m) - 1] ?? m;
  if (p === 'month' || !d) return `${month} ${y}`;
  return `${Number(d)} ${month} ${y}`;
}

export function sourceIndexes(ref: SourceRef): number[] {
  // In reading order ([4][5], not [5][4]), each once.
  return Array.isArray(ref) ? [...new Set(ref)].sort((a, b) => a - b) : [ref];
}

function cardDate(d: KeyDate): CardDate {
  return { iso: d.date, text: formatDate(d.date, d.precision), label: d.label, sources: sourceIndexes(d.source) };
}

/** Builds the card of an entry; `nameOf` resolves related ids (unknown ids are left out). */
export function entryCard(entry: Entry, nameOf: (id: string) => string | undefined): CardModel {
  return {
    id: entry.id,
    kind: entry.kind,
    name: entry.name,
    description: entry.description,
    summary: entry.summary,
    dates: [...(entry.dates ?? [])].sort((a, b) => a.date.localeCompare(b.date)).map(cardDate),
    facts: (entry.facts ?? []).map((f) => ({ label: f.label, value: f.value, note: f.note, sources: sourceIndexes(f.source) })),
    sources: entry.sources.map((s) => ({ title: s.title, publisher: s.publisher, url: s.url, accessed: formatDate(s.accessed) })),
    related: (entry.related ?? []).flatMap((id) => {
      const name = nameOf(id);
      return name ? [{ id, name }] : [];
    }),
    asOf: formatDate(entry.asOf),
  };
}

/** Readable kind names, keyed for i18n messages (`kind_person` ...). */
export const KIND_MESSAGE: Record<CardModel['kind'], string> = {
  person: 'kind_person',
  organisation: 'kind_organisation',
  place: 'kind_place',
  treaty: 'kind_treaty',
  event: 'kind_event',
  concept: 'kind_concept',
  claim: 'kind_claim',
};

/** Only https links are ever rendered; anything else is shown as plain text. */
export function isSafeUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
