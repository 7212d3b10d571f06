// The page's language in the DOM: index.html's own texts, and the switch in the header.
import { h } from './dom.js';
import { LANGS, type Lang, lang, type MessageKey, rememberLang, setLang, t, withLang } from './i18n.js';

/** The page's own texts (index.html marks them with data-i18n) and its lang attribute. */
export function translatePage(): void {
  document.documentElement.lang = lang();
  document.title = t('page.title');
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as MessageKey);
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-label]'))
    el.setAttribute('aria-label', t(el.dataset.i18nLabel as MessageKey));
}

/** The language switch: remembered in this browser, and kept in the URL so that a shared link keeps it. */
export function languageSwitch(): HTMLElement {
  const select = h('select', { id: 'lang', name: 'lang' }, ...LANGS.map((l) => h('option', { value: l.id, lang: l.id }, l.label)));
  select.value = lang();
  select.addEventListener('change', () => {
    setLang(select.value as Lang);
    rememberLang(lang());
    location.search = withLang(location.search);
  });
  return h('div', { class: 'lang-switch' }, h('label', { for: 'lang' }, t('site.language')), ' ', select);
}
