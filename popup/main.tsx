/** Popup entry: wires browser APIs into the App. */
import browser from 'webextension-polyfill';
import { render } from 'preact';
import { settingsStore } from '../src/platform/settings-store';
import { translator } from '../src/platform/i18n';
import { App } from './App';

render(<App store={settingsStore(browser)} t={translator(browser.i18n)} />, document.getElementById('app')!);
