/**
 * A CommonJS stand-in for `@apidevtools/json-schema-ref-parser` (ESM-only), which openapi-backend requires at
 * load time. Node ≥ 20.19 loads the real package through require(esm), but Jest's module system on Node 20
 * cannot, so Jest maps the package here (moduleNameMapper, or jest.mock in a test file). The site always builds
 * OpenAPIBackend in quick mode from an in-memory document, where openapi-backend only calls `parse` (un-awaited)
 * and dereferences with dereference-json-schema itself; `dereference` is provided for completeness.
 */
import { dereferenceSync } from 'dereference-json-schema';

const shim = {
  parse: (document: unknown): Promise<unknown> => Promise.resolve(document),
  dereference: (document: unknown): Promise<unknown> => Promise.resolve(dereferenceSync(document as never)),
  resolve: (document: unknown): Promise<unknown> => Promise.resolve(document),
};

export default shim;
