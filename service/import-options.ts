/** Parsers of the import options the CLI and the UI accept (re-exported so shells need not reach into data/). */
export { parseEncodingOption, ENCODING_OPTIONS } from '../data/import/encoding';
export { parseDelimiterOption } from '../data/import/sniff';
