// The report builder's page: the form first (registry only, so it shows at once), then either the
// overview (start page) or the report the URL asks for. Every failure ends in a readable message.
import { type BilateralParams, bilateralSearch, parseBilateral, renderBilateral } from './bilateral.js';
import { h } from './dom.js';
import { count, t, withLang } from './i18n.js';
import { languageSwitch, translatePage } from './lang-switch.js';
import { renderForm, type FormHandle } from './form.js';
import { query, ReportError } from './graphql.js';
import { loadReport } from './load.js';
import { type MemberCoverage, renderOverview } from './overview.js';
import { parseParams, type ReportParams, toSearch } from './params.js';
import { atFrequency } from './periods.js';
import { CODES_QUERY, OVERVIEW_QUERY, PERIODS_QUERY, START_QUERY } from './queries.js';
import { renderReport } from './report-view.js';
import { type CountryType, supportsAsOf, unhcrFields } from './side-by-side.js';
import type { Code, IndicatorDef, Member, Region } from './types.js';

interface Start {
  region: Region;
  countries: Member[];
  indicators: IndicatorDef[];
  countryType: CountryType | null;
}

const formSlot = document.getElementById('form-slot')!;
/** The form's box: folded above a report on a phone, so the report is what the screen shows first. */
const formBox = h('details', { class: 'form-box', open: true }, h('summary', { class: 'form-toggle' }, t('form.toggle')));
const phone = matchMedia('(max-width: 640px)');
const content = document.getElementById('content')!;
const status = document.getElementById('status')!;
/** What each member has published: the overview, and the form's default period range. */
let coverage: MemberCoverage[] | null = null;
let coverageLoading: Promise<MemberCoverage[]> | null = null;

function showError(where: HTMLElement, err: unknown): void {
  const message = err instanceof ReportError ? err.message : t('error.generic', { message: (err as Error)?.message ?? String(err) });
  where.replaceChildren(
    h(
      'div',
      { class: 'error', role: 'alert' },
      h('h2', {}, t('error.title')),
      h('p', {}, message),
      h(
        'p',
        {},
        h('a', { href: location.href }, t('error.retry')),
        t('error.back'),
        h('a', { href: `./${withLang('')}` }, t('error.overview')),
        '.',
      ),
    ),
  );
  status.textContent = '';
}

function rangeFor(indicator: IndicatorDef): { from: string; to: string } | null {
  const spans = (coverage ?? []).flatMap((m) => m.coverage ?? []).filter((c) => c.indicator === indicator.code);
  if (spans.length === 0) return null;
  const from = spans.map((c) => c.firstPeriod).sort()[0]!;
  const to = spans
    .map((c) => c.lastPeriod)
    .sort()
    .at(-1)!;
  return { from: atFrequency(from, indicator.frequency, 'start'), to: atFrequency(to, indicator.frequency, 'end') };
}

const periodsAsked = new Map<string, Promise<string[]>>();
/** The periods any member has a figure for (a member that is down costs only its own periods). */
function periodsFor(indicator: IndicatorDef): Promise<string[]> {
  let asked = periodsAsked.get(indicator.code);
  if (!asked) {
    asked = query<{ countries: { observations: { period: string }[] | null }[] }>(PERIODS_QUERY, { indicator: indicator.code }).then((r) =>
      [...new Set((r.data?.countries ?? []).flatMap((c) => (c.observations ?? []).map((o) => o.period)))].sort(),
    );
    asked.catch(() => periodsAsked.delete(indicator.code));
    periodsAsked.set(indicator.code, asked);
  }
  return asked;
}

const codesAsked = new Map<string, Promise<Map<string, Code[]>>>();
function codesFor(indicator: IndicatorDef): Promise<Map<string, Code[]>> {
  let asked = codesAsked.get(indicator.code);
  if (!asked) {
    asked = query<{ indicator: { dimensions: { id: string; codelist: { codes: Code[] } }[] } | null }>(CODES_QUERY, {
      indicator: indicator.code,
    }).then((r) => new Map(r.data?.indicator?.dimensions.map((d) => [d.id, d.codelist.codes]) ?? []));
    asked.catch(() => codesAsked.delete(indicator.code));
    codesAsked.set(indicator.code, asked);
  }
  return asked;
}

function loadCoverage(): Promise<MemberCoverage[]> {
  coverageLoading ??= query<{ countries: MemberCoverage[] }>(OVERVIEW_QUERY).then((result) => {
    coverage = (result.data?.countries ?? []).map((c) =>
      c.coverage === null ? { ...c, unavailable: result.memberErrors.get(c.iso3) ?? 'no answer' } : c,
    );
    return coverage;
  });
  // A failed load may be retried by the next visit to the start page.
  coverageLoading.catch(() => (coverageLoading = null));
  return coverageLoading;
}

async function showReport(start: Start, params: ReportParams): Promise<void> {
  status.textContent = t('status.loadingReport');
  content.setAttribute('aria-busy', 'true');
  try {
    const loaded = await loadReport(params, start.indicators, supportsAsOf(start.countryType), start.countries);
    content.replaceChildren(renderReport(start.region, params, loaded, unhcrFields(start.countryType)));
    document.title = `${loaded.data.indicator.name} · ${t('page.title')}`;
    const down = loaded.data.members.filter((m) => m.unavailable).length;
    status.textContent = t('status.ready', {
      members: count('member', loaded.data.members.length),
      down: down ? t('status.down', { n: down }) : '',
      periods: count('period', loaded.data.periods.length),
    });
    document.getElementById('report-title')?.focus();
  } catch (err) {
    showError(content, err);
  } finally {
    content.removeAttribute('aria-busy');
  }
}

async function showOverview(start: Start): Promise<void> {
  document.title = t('page.title');
  content.replaceChildren(h('p', {}, t('overview.loading')));
  coverageLoading = null; // the start page always shows what is published now
  try {
    content.replaceChildren(renderOverview(await loadCoverage(), start.indicators));
  } catch (err) {
    showError(content, err);
  }
}

async function showBilateral(start: Start, params: BilateralParams, form: FormHandle): Promise<void> {
  status.textContent = t('bilateral.loading');
  content.setAttribute('aria-busy', 'true');
  const go = (next: BilateralParams) => {
    history.pushState(null, '', `./${bilateralSearch(next)}`);
    route(start, form);
  };
  try {
    await renderBilateral(content, params, start.countries, go);
    status.textContent = t('bilateral.ready');
    document.getElementById(params.origin ? 'series-title' : 'bilateral-title')?.focus();
  } catch (err) {
    showError(content, err);
  } finally {
    content.removeAttribute('aria-busy');
  }
}

function route(start: Start, form: FormHandle): void {
  const bilateral = parseBilateral(location.search);
  if (bilateral) {
    void showBilateral(start, bilateral, form);
    return;
  }
  const params = parseParams(location.search);
  // The form's period lists are asked for once the page has what it opened for, not in its way.
  if (params && !form.fill(params)) {
    // An indicator the catalog does not have: the form says so at its field; the overview stays usable.
    void showOverview(start).then(() => form.loadPeriods());
  } else if (params) {
    formBox.open = !phone.matches;
    void showReport(start, params).then(() => form.loadPeriods());
  } else {
    void showOverview(start).then(() => {
      form.suggestRange();
      form.loadPeriods();
    });
  }
}

async function main(): Promise<void> {
  const start = (await query<Start>(START_QUERY)).data!;
  const form = renderForm({
    region: start.region,
    members: start.countries,
    indicators: start.indicators,
    asOf: supportsAsOf(start.countryType),
    rangeFor,
    periodsFor,
    codesFor,
    onSubmit: (params) => {
      history.pushState(null, '', `./${withLang(toSearch(params))}`);
      route(start, form);
    },
  });
  formBox.append(form.element);
  formSlot.replaceChildren(formBox);
  addEventListener('popstate', () => route(start, form));
  route(start, form);
  // The overview also gives the form its default period range; fetch it even when a report opens first.
  loadCoverage().catch(() => undefined);
}

// Never a blank page: whatever escapes is shown as a message, in place of the report only when
// there is no report to keep.
addEventListener('unhandledrejection', (event) => {
  if (content.childElementCount === 0) showError(content, event.reason);
  else status.textContent = t('error.escaped', { message: (event.reason as Error)?.message ?? String(event.reason) });
});
translatePage();
document.getElementById('lang-slot')?.replaceChildren(languageSwitch());
main().catch((err: unknown) => showError(formSlot, err));
