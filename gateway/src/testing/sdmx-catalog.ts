// Test helper: the catalog answer the registry would give, built from the committed catalog files.
import { loadCatalog, loadRegion } from '@migfed/schema';

export function catalogAnswer(regionId = 'dsm') {
  const catalog = loadCatalog();
  const region = loadRegion(regionId);
  const list = (id: string) => {
    const c = catalog.codelists.get(id)!;
    return { id, name: c.name, description: c.description ?? null, codes: c.codes.map((x) => ({ id: x.id, name: x.name })) };
  };
  return {
    region: {
      id: region.id,
      name: region.name,
      members: region.members.map((m) => ({ iso3: m.iso3, name: catalog.territory(m.iso3)?.name ?? m.iso3 })),
    },
    indicators: catalog.indicators.map((i) => ({
      code: i.code,
      name: i.name,
      definition: i.definition,
      unit: i.unit,
      frequency: i.frequency,
      dimensions: i.dimensions.map((d) => {
        const def = catalog.dimensions.get(d)!;
        return { id: d, name: def.name, codelist: { id: def.codelist } };
      }),
    })),
    codelists: [...catalog.codelists.keys()].map(list),
  };
}
