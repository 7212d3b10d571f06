import type { ExplorerTab } from './explorer.js';

type ExampleLang = 'ru' | 'es';

// The comment that opens each example tab, by operation name, in Russian (DSM) and Spanish
// (SIEMMES); the operations themselves stay as they are (field names are the graph's).
const COMMENTS: Record<ExampleLang, Record<string, string>> = {
  ru: {
    RegionalTable: `# Региональная таблица: разрешения на работу, выданные каждым участником, 2019–2023, с отметками SDMX
# (статус P предварительное, E оценка, B разрыв ряда; недоступный участник теряет только свою строку)`,
    Breakdown: `# Разбивка одного участника по гражданству: иностранцы, проживающие в Казахстане на конец 2024 года.
# Измерение, не названное в фильтре, берётся итогом (_T); _O — «прочие».`,
    Definitions: `# Метаданные и документы: как Россия определяет разрешения на работу (где это отличается от
# согласованного определения), и законы и политики, которыми она поделилась`,
    Coverage: '# Кто что опубликовал: по участникам и показателям — охваченные периоды и последний выпуск',
    Catalog: `# Согласованный каталог на русском (lang: ru): показатели, определения, единицы и измерения разбивки.
# Переводы ещё не проверенные сетью отмечены translationReviewed: false`,
    Revision: `# Пересмотр: разрешения на работу Молдовы, как они были опубликованы 30 июня 2024 года, рядом с сегодняшними.
# asOf возвращает то, что видели читатели в тот момент: 2023 год тогда был предварительным (пересмотрен в
# сентябре 2024), а 2024 ещё не был опубликован; сегодняшний 2023 несёт отметку пересмотра и прежнее значение.`,
    SideBySide: `# Что говорит министерство и что публикует УВКБ ООН: заявления о предоставлении убежища в 2023 году рядом,
# с разницей и указанием, какой источник новее (УВКБ округляет малые числа; см. описание полей)`,
    PartnerSeries: `# Десять лет по партнёрам за один запрос: долгосрочная иммиграция в Казахстан по предыдущему месту жительства,
# суммированная участником по годам, по одной записи на партнёра с периодами и значениями в виде списков
# (те же данные, что и observations; остальные измерения берутся итогом).`,
    Matrix: `# Зеркальное сравнение: сколько человек, по данным каждого участника, уехало к каждому партнёру в 2023 году,
# рядом с тем, сколько, по данным партнёра, прибыло (долгосрочная миграция), с разницей, отметками обеих сторон
# и примечаниями об определениях. Недоступный участник сохраняет свои строку и столбец с отметкой UNAVAILABLE и причиной.`,
  },
  es: {
    RegionalTable: `# Una tabla regional: permisos de trabajo expedidos por cada miembro, 2019-2023, con marcas SDMX
# (estado P provisional, E estimado, B ruptura; un miembro caído solo pierde su propia fila)`,
    Breakdown: `# El desglose de un miembro por ciudadanía: extranjeros que viven en Kazajstán a finales de 2024.
# Una dimensión no nombrada en el filtro es su total (_T); _O es «otros».`,
    Definitions: `# Metadatos y documentos: cómo define Rusia los permisos de trabajo (donde difiere de la definición
# acordada), y las leyes y políticas que ha compartido`,
    Coverage: '# Quién ha publicado qué: por miembro e indicador, los períodos cubiertos y la última publicación',
    Catalog: `# El catálogo acordado en español (lang: es): indicadores, definiciones, unidades y dimensiones de desglose.
# Las traducciones aún no revisadas por la red llevan translationReviewed: false`,
    Revision: `# Una revisión: los permisos de trabajo de Moldavia tal como se publicaron el 30 de junio de 2024, junto a los de hoy.
# asOf devuelve lo que vieron los lectores en ese momento: 2023 era entonces provisional (revisado en
# septiembre de 2024) y 2024 aún no se había publicado; el 2023 de hoy lleva la marca de revisión y el valor anterior.`,
    SideBySide: `# Lo que dice el ministerio y lo que publica ACNUR: solicitudes de asilo en 2023, lado a lado,
# con la diferencia y cuál de las fuentes es más reciente (ACNUR redondea recuentos pequeños; véanse los campos)`,
    PartnerSeries: `# Diez años por socio de una vez: inmigración de largo plazo a Kazajstán por residencia anterior,
# sumada por años por el miembro, una entrada por socio con sus períodos y valores como listas
# (las mismas cifras que observations; las demás dimensiones son su total).`,
    Matrix: `# Una comparación espejo: lo que cada miembro dice que salió hacia cada socio en 2023, junto a lo que el socio
# dice que llegó (migración de largo plazo), con la diferencia, las marcas de ambos lados y las notas de definición.
# Un miembro caído conserva su fila y su columna, marcadas UNAVAILABLE con el motivo.`,
  },
};

/** The language an explorer visitor reads (their browser's Accept-Language), among en, ru, es. */
export function exampleLang(accepted: string | false): 'en' | ExampleLang {
  return accepted === 'ru' || accepted === 'es' ? accepted : 'en';
}

/**
 * The example tabs with their opening comments in `lang`; the catalog tab also asks for the names
 * in that language, showing the `lang` argument at work. English (or an unknown tab) stays as is.
 */
export function localizeTabs(tabs: ExplorerTab[], lang: 'en' | ExampleLang): ExplorerTab[] {
  if (lang === 'en') return tabs;
  return tabs.map((tab) => {
    const operation = /^query (\w+)/m.exec(tab.query)?.[1];
    const comment = operation ? COMMENTS[lang][operation] : undefined;
    if (!comment) return tab;
    let query = `${comment}\n${tab.query.replace(/^(#.*\n)+/, '')}`;
    if (operation === 'Catalog') {
      query = query
        .replace('code name definition', `code name(lang: ${lang}) definition(lang: ${lang}) translationReviewed(lang: ${lang})`)
        .replace('dimensions { id name codelist', `dimensions { id name(lang: ${lang}) codelist`)
        .replace('codes { id name }', `codes { id name(lang: ${lang}) }`);
    }
    return { ...tab, query };
  });
}
