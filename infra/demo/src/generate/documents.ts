import type { Profile } from './profile.js';
import { rngFor, type Rng } from './random.js';
import type { DocumentKind, GeneratedDocument } from './types.js';

/**
 * Two to four policy and legal documents per member. Titles are generic, dates and URLs invented (every
 * URL is on an `.example` domain) and every summary says the document is demo material.
 */

interface DocDraft {
  kind: DocumentKind;
  title: string;
  language: string;
  adopted: string;
  about: string;
}

function date(rng: Rng, year: number): string {
  const month = String(rng.int(1, 12)).padStart(2, '0');
  const day = String(rng.int(1, 28)).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

function law(p: Profile, rng: Rng): DocDraft {
  const adopted = date(rng, rng.int(1998, 2014));
  const about = 'entry, stay, residence and employment of foreign citizens, and the authorities responsible';
  if (p.region === 'dsm') {
    return {
      kind: 'LAW',
      title: 'Law on the Legal Status of Foreign Citizens and Stateless Persons',
      language: p.language,
      adopted,
      about,
    };
  }
  const title = p.language === 'es' ? 'Ley General de Migración y Extranjería' : 'Immigration Act (revised edition)';
  return { kind: 'LAW', title, language: p.language, adopted, about };
}

function policy(p: Profile, rng: Rng): DocDraft {
  const from = rng.int(2016, 2021);
  const asStrategy = rng.next() < 0.5;
  const span = `${from}–${from + (asStrategy ? 6 : 10)}`;
  const about = 'the goals of migration policy: managed labour migration, integration, protection and cooperation';
  const title =
    p.language === 'es'
      ? `${asStrategy ? 'Estrategia Nacional de Migración' : 'Política Migratoria Integral'} ${span}`
      : `${asStrategy ? 'State Migration Strategy' : 'Concept of the State Migration Policy'} ${span}`;
  return { kind: asStrategy ? 'STRATEGY' : 'POLICY', title, language: p.language, adopted: date(rng, from - 1), about };
}

function extra(p: Profile, rng: Rng, toYear: number): DocDraft {
  if (rng.next() < 0.5) {
    const title =
      p.language === 'es'
        ? 'Reglamento de permisos de trabajo para personas extranjeras'
        : 'Regulation on the Issuance of Work Permits to Foreign Citizens';
    const about = 'the procedure, documents and time limits for work permits of foreign citizens';
    return { kind: 'REGULATION', title, language: p.language, adopted: date(rng, rng.int(2015, toYear - 1)), about };
  }
  const year = toYear - 1;
  const about = `the migration statistics of ${year}: stock, permits, border crossings, asylum and returns`;
  return { kind: 'REPORT', title: `Annual Migration Statistics Report ${year}`, language: 'en', adopted: date(rng, toYear), about };
}

export function buildDocuments(profile: Profile, seed: number, toYear: number): GeneratedDocument[] {
  const rng = rngFor(profile.iso3, seed, 'documents');
  const drafts = [law(profile, rng), policy(profile, rng)];
  if (profile.agreement) {
    const about = 'cooperation on migration between the parties';
    drafts.push({ kind: 'AGREEMENT', ...profile.agreement, about });
  }
  if (rng.next() < 0.6) drafts.push(extra(profile, rng, toYear));
  const host = `docs.${profile.iso3.toLowerCase()}.example`;
  return drafts.map((d) => {
    const id = `${profile.iso3}-${d.kind}-${d.adopted.slice(0, 4)}`;
    return {
      country: profile.iso3,
      id,
      title: d.title,
      kind: d.kind,
      language: d.language,
      adopted: d.adopted,
      url: `https://${host}/migration/${id.toLowerCase()}.pdf`,
      summary: `Demo document, generated for the migfed demo; not a real text. Sets out ${d.about}.`,
    };
  });
}
