/**
 * A structural check of an OpenAPI 3.0 document: the rules of the specification a generated document can break
 * (path templates vs parameters, responses, security references, $refs, and Schema Objects that use only the
 * keywords OpenAPI 3.0 allows, e.g. `nullable` instead of JSON Schema's `type: [..., "null"]`).
 * Returns every problem found, so a failing test lists them all.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PARAMETER_LOCATIONS = ['path', 'query', 'header', 'cookie'];
const SCHEMA_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'];
/** The Schema Object keywords of OpenAPI 3.0.3 (section 4.7.24). */
const SCHEMA_KEYWORDS = new Set([
  'title',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'enum',
  'type',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'items',
  'properties',
  'additionalProperties',
  'description',
  'format',
  'default',
  'nullable',
  'discriminator',
  'readOnly',
  'writeOnly',
  'xml',
  'externalDocs',
  'example',
  'deprecated',
]);

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkOpenApi3(doc: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(doc)) return ['the document is not an object'];
  if (typeof doc.openapi !== 'string' || !/^3\.0\.\d+$/.test(doc.openapi)) {
    problems.push(`openapi: expected "3.0.x", got ${JSON.stringify(doc.openapi)}`);
  }
  const info = doc.info;
  if (!isObject(info) || typeof info.title !== 'string' || typeof info.version !== 'string') {
    problems.push('info: needs a title and a version');
  }
  const components = isObject(doc.components) ? doc.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  for (const [name, scheme] of Object.entries(schemes)) checkSecurityScheme(name, scheme, problems);
  const resolve = (ref: string) => resolveRef(doc, ref);

  if (!isObject(doc.paths)) return [...problems, 'paths: missing'];
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/')) problems.push(`${path}: a path must start with "/"`);
    if (!isObject(item)) {
      problems.push(`${path}: not a Path Item`);
      continue;
    }
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!isObject(operation)) {
        problems.push(`${where}: not an Operation`);
        continue;
      }
      if (typeof operation.operationId === 'string') {
        if (operationIds.has(operation.operationId)) problems.push(`${where}: duplicate operationId`);
        operationIds.add(operation.operationId);
      }
      checkParameters(where, templated, operation.parameters, problems, resolve);
      checkRequestBody(where, operation.requestBody, problems, resolve);
      checkResponses(where, operation.responses, problems, resolve);
      checkSecurity(where, operation.security, schemes, problems);
    }
  }
  return problems;
}

function checkSecurityScheme(name: string, scheme: Json, problems: string[]): void {
  if (!isObject(scheme)) {
    problems.push(`securitySchemes.${name}: not an object`);
    return;
  }
  if (scheme.type === 'http' && typeof scheme.scheme !== 'string') {
    problems.push(`securitySchemes.${name}: http needs a scheme`);
  } else if (scheme.type === 'apiKey') {
    if (typeof scheme.name !== 'string' || !['query', 'header', 'cookie'].includes(String(scheme.in))) {
      problems.push(`securitySchemes.${name}: apiKey needs a name and in`);
    }
  } else if (!['http', 'apiKey', 'oauth2', 'openIdConnect'].includes(String(scheme.type))) {
    problems.push(`securitySchemes.${name}: unknown type ${JSON.stringify(scheme.type)}`);
  }
}

function checkParameters(
  where: string,
  templated: string[],
  parameters: Json | undefined,
  problems: string[],
  resolve: (ref: string) => Json | undefined,
): void {
  const list = Array.isArray(parameters) ? parameters : [];
  if (parameters !== undefined && !Array.isArray(parameters))
    problems.push(`${where}: parameters is not a list`);
  const seen = new Set<string>();
  const pathParameters = new Set<string>();
  for (const parameter of list) {
    if (!isObject(parameter) || typeof parameter.name !== 'string') {
      problems.push(`${where}: a parameter without a name`);
      continue;
    }
    const key = `${parameter.in}:${parameter.name}`;
    if (seen.has(key)) problems.push(`${where}: parameter ${key} listed twice`);
    seen.add(key);
    if (!PARAMETER_LOCATIONS.includes(String(parameter.in))) {
      problems.push(`${where}: parameter ${parameter.name} has no valid "in"`);
    }
    if (parameter.in === 'path') {
      pathParameters.add(parameter.name);
      if (parameter.required !== true)
        problems.push(`${where}: path parameter ${parameter.name} must be required`);
    }
    checkSchema(`${where} parameter ${parameter.name}`, parameter.schema, problems, resolve);
  }
  for (const name of templated) {
    if (!pathParameters.has(name)) problems.push(`${where}: {${name}} has no path parameter`);
  }
  for (const name of pathParameters) {
    if (!templated.includes(name)) problems.push(`${where}: path parameter ${name} is not in the path`);
  }
}

function checkRequestBody(
  where: string,
  body: Json | undefined,
  problems: string[],
  resolve: (ref: string) => Json | undefined,
): void {
  if (body === undefined) return;
  if (!isObject(body) || !isObject(body.content) || Object.keys(body.content).length === 0) {
    problems.push(`${where}: requestBody needs content`);
    return;
  }
  for (const [type, media] of Object.entries(body.content)) {
    checkSchema(
      `${where} requestBody ${type}`,
      isObject(media) ? media.schema : undefined,
      problems,
      resolve,
    );
  }
}

function checkResponses(
  where: string,
  responses: Json | undefined,
  problems: string[],
  resolve: (ref: string) => Json | undefined,
): void {
  if (!isObject(responses) || Object.keys(responses).length === 0) {
    problems.push(`${where}: no responses`);
    return;
  }
  for (const [status, response] of Object.entries(responses)) {
    if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) problems.push(`${where}: bad response key ${status}`);
    if (!isObject(response) || typeof response.description !== 'string') {
      problems.push(`${where} ${status}: a response needs a description`);
      continue;
    }
    if (response.content === undefined) continue;
    if (!isObject(response.content)) {
      problems.push(`${where} ${status}: content is not an object`);
      continue;
    }
    for (const [type, media] of Object.entries(response.content)) {
      checkSchema(
        `${where} ${status} ${type}`,
        isObject(media) ? media.schema : undefined,
        problems,
        resolve,
      );
    }
  }
}

function checkSecurity(
  where: string,
  security: Json | undefined,
  schemes: JsonObject,
  problems: string[],
): void {
  if (security === undefined) return;
  if (!Array.isArray(security)) {
    problems.push(`${where}: security is not a list`);
    return;
  }
  for (const requirement of security) {
    if (!isObject(requirement)) continue;
    for (const name of Object.keys(requirement)) {
      if (!(name in schemes)) problems.push(`${where}: security scheme ${name} is not defined`);
    }
  }
}

function checkSchema(
  where: string,
  schema: Json | undefined,
  problems: string[],
  resolve: (ref: string) => Json | undefined,
): void {
  if (!isObject(schema)) {
    problems.push(`${where}: missing schema`);
    return;
  }
  if (typeof schema.$ref === 'string') {
    const target = resolve(schema.$ref);
    if (target === undefined) problems.push(`${where}: $ref ${schema.$ref} does not resolve`);
    return;
  }
  for (const keyword of Object.keys(schema)) {
    if (!SCHEMA_KEYWORDS.has(keyword) && !keyword.startsWith('x-')) {
      problems.push(`${where}: "${keyword}" is not an OpenAPI 3.0 schema keyword`);
    }
  }
  if (schema.type !== undefined && !SCHEMA_TYPES.includes(String(schema.type))) {
    problems.push(`${where}: type ${JSON.stringify(schema.type)} is not an OpenAPI 3.0 type`);
  }
  if (schema.type === 'array' && schema.items === undefined) problems.push(`${where}: an array needs items`);
  for (const bound of ['exclusiveMinimum', 'exclusiveMaximum']) {
    if (schema[bound] !== undefined && typeof schema[bound] !== 'boolean') {
      problems.push(`${where}: ${bound} must be a boolean in OpenAPI 3.0`);
    }
  }
  if (schema.enum !== undefined && (!Array.isArray(schema.enum) || schema.enum.length === 0)) {
    problems.push(`${where}: enum must be a non-empty list`);
  }
  const properties = isObject(schema.properties) ? schema.properties : {};
  if (Array.isArray(schema.required)) {
    for (const name of schema.required) {
      if (typeof name !== 'string' || !(name in properties))
        problems.push(`${where}: required ${name} is not a property`);
    }
  }
  for (const [name, property] of Object.entries(properties)) {
    checkSchema(`${where}.${name}`, property, problems, resolve);
  }
  if (schema.items !== undefined) checkSchema(`${where}[]`, schema.items, problems, resolve);
  if (isObject(schema.additionalProperties)) {
    checkSchema(`${where}{}`, schema.additionalProperties, problems, resolve);
  }
  if (schema.not !== undefined) checkSchema(`${where} not`, schema.not, problems, resolve);
  for (const combiner of ['allOf', 'anyOf', 'oneOf']) {
    const parts = schema[combiner];
    if (parts === undefined) continue;
    if (!Array.isArray(parts) || parts.length === 0) {
      problems.push(`${where}: ${combiner} must be a non-empty list`);
      continue;
    }
    for (const [index, part] of parts.entries()) {
      checkSchema(`${where} ${combiner}[${index}]`, part, problems, resolve);
    }
  }
}

function resolveRef(doc: JsonObject, ref: string): Json | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: Json | undefined = doc;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = isObject(node) ? node[part] : undefined;
  }
  return node;
}
