// How arflow parses XML documents from outside (Order-X/UBL orders, camt statements): values stay the
// strings they were (no number guessing: "00012" and "1.50" are kept as written), namespaces are dropped
// so every version of a schema reads the same, and every element is a list, so one walk fits all.
import type { X2jOptions } from 'fast-xml-parser';

export const STRING_XML_OPTIONS: Partial<X2jOptions> = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  alwaysCreateTextNode: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
};
