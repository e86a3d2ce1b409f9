/**
 * User settings: their defaults, and how a stored value of the wrong type falls back to the default.
 * Stored one key per setting in `storage.sync` (local where sync is missing); every view listens for changes.
 */
import type { EntryKind } from './types';

/** The switches shown per kind: treaties and concepts share one. */
export type KindGroup = 'people' | 'organisations' | 'places' | 'treaties' | 'events' | 'claims';
export const KIND_GROUPS: readonly KindGroup[] = ['people', 'organisations', 'places', 'treaties', 'events', 'claims'];

export function kindGroup(kind: EntryKind | 'claim'): KindGroup {
  switch (kind) {
    case 'person': return 'people';
    case 'organisation': return 'organisations';
    case 'place': return 'places';
    case 'treaty':
    case 'concept': return 'treaties';
    case 'event': return 'events';
    case 'claim': return 'claims';
  }
}

export interface Settings {
  /** Highlights everywhere. */
  enabled: boolean;
  /** Hostnames where highlights are off. */
  disabledSites: string[];
  kinds: Record<KindGroup, boolean>;
  /** Highlight every mention, not only the first of each entry. */
  everyMention: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  enabled: true,
  disabledSites: [],
  kinds: { people: true, organisations: true, places: true, treaties: true, events: true, claims: true },
  everyMention: false,
};

export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

/** Reads settings from whatever storage returned; every wrong or missing value becomes its default. */
export function sanitizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const kindsRaw = (r.kinds && typeof r.kinds === 'object' ? r.kinds : {}) as Record<string, unknown>;
  const kinds = { ...DEFAULT_SETTINGS.kinds };
  for (const k of KIND_GROUPS) if (typeof kindsRaw[k] === 'boolean') kinds[k] = kindsRaw[k] as boolean;
  return {
    enabled: typeof r.enabled === 'boolean' ? r.enabled : DEFAULT_SETTINGS.enabled,
    disabledSites: Array.isArray(r.disabledSites) ? r.disabledSites.filter((s): s is string => typeof s === 'string') : [],
    kinds,
    everyMention: typeof r.everyMention === 'boolean' ? r.everyMention : DEFAULT_SETTINGS.everyMention,
  };
}

/** Whether highlights show on a page of this hostname. */
export function activeOn(settings: Settings, hostname: string): boolean {
  return settings.enabled && !settings.disabledSites.includes(hostname);
}

/**
 * The hostname the per-site switch is about for a tab's address, or null where no content script runs (browser
 * pages, files, extension pages): only http and https pages.
 */
export function siteOfUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.hostname : null;
  } catch {
    return null;
  }
}

/** Turns highlights on this site on or off, returning the new list. */
export function toggleSite(settings: Settings, hostname: string, on: boolean): string[] {
  const rest = settings.disabledSites.filter((h) => h !== hostname);
  return on ? rest : [...rest, hostname];
}
