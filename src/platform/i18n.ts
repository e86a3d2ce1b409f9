/** The `t` function over `browser.i18n`, falling back to the key so a missing message is visible, not blank. */
import type { I18n } from 'webextension-polyfill';
import type { Translate } from '../ui/Card';

export type I18nApi = Pick<I18n.Static, 'getMessage'>;

export function translator(i18n: I18nApi): Translate {
  return (key, substitutions) => i18n.getMessage(key, substitutions) || key;
}
