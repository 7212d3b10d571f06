// A small XML writer: messages are produced as a sequence of string chunks, so a large answer can
// be streamed while it is written.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export const esc = (text: string | number) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** ` a="1" b="x"` from an object; undefined values are left out. */
export function attrs(values: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join('');
}

export const NS = {
  mes: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message',
  com: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common',
  str: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure',
  gen: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic',
  ss: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific',
  footer: 'http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message/footer',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
};

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

let counter = 0;
/** A message identifier: unique within the process and sortable by time. */
export function messageId(prefix: string): string {
  counter = (counter + 1) % 1_000_000;
  return `${prefix}${Date.now().toString(36).toUpperCase()}${counter}`;
}

/** The SDMX-ML header common to every message. */
export function header(id: string, extra = ''): string {
  return (
    `<mes:Header><mes:ID>${esc(id)}</mes:ID><mes:Test>false</mes:Test><mes:Prepared>${new Date().toISOString()}</mes:Prepared>` +
    `<mes:Sender id="MIGFED"><com:Name xml:lang="en">migfed gateway</com:Name></mes:Sender>${extra}</mes:Header>`
  );
}

/** `<com:Name xml:lang="en">…</com:Name>` */
export const name = (text: string, element = 'com:Name') => `<${element} xml:lang="en">${esc(text)}</${element}>`;
