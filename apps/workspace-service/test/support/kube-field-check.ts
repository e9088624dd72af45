import * as k8s from '@kubernetes/client-node';

interface AttributeType {
  name: string;
  baseName: string;
  type: string;
}

interface ModelClass {
  getAttributeTypeMap(): AttributeType[];
}

/**
 * Field names of a manifest that its Kubernetes type does not have (a typo such as
 * `readinessprobe` that `kubectl apply --validate=false` would silently drop), checked against
 * the generated models of @kubernetes/client-node. Returns JSON-path-like locations.
 */
export function unknownManifestFields(manifest: Record<string, unknown>): string[] {
  const apiVersion = typeof manifest['apiVersion'] === 'string' ? manifest['apiVersion'] : '';
  const version = apiVersion.split('/').at(-1) ?? '';
  const typeName = `${version.charAt(0).toUpperCase()}${version.slice(1)}${typeof manifest['kind'] === 'string' ? manifest['kind'] : ''}`;
  if (modelOf(typeName) === undefined) {
    return [`$: no model ${typeName} for ${apiVersion} ${String(manifest['kind'])}`];
  }
  return walk(manifest, typeName, '$');
}

function walk(value: unknown, type: string, at: string): string[] {
  const arrayItem = /^Array<(.+)>$/.exec(type)?.[1];
  if (arrayItem !== undefined) {
    return Array.isArray(value) ? value.flatMap((v, i) => walk(v, arrayItem, `${at}[${i}]`)) : [];
  }
  const mapValue = /^\{ \[key: string\]: (.+); \}$/.exec(type)?.[1];
  if (mapValue !== undefined) {
    return isObject(value)
      ? Object.entries(value).flatMap(([k, v]) => walk(v, mapValue, `${at}.${k}`))
      : [];
  }
  const model = modelOf(type);
  if (model === undefined || !isObject(value)) {
    return []; // primitives, IntOrString, any
  }
  const attributes = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  return Object.entries(value).flatMap(([key, child]) => {
    const childType = attributes.get(key);
    return childType === undefined ? [`${at}.${key}`] : walk(child, childType, `${at}.${key}`);
  });
}

function modelOf(type: string): ModelClass | undefined {
  const candidate: unknown = (k8s as Record<string, unknown>)[type];
  return typeof candidate === 'function' && 'getAttributeTypeMap' in candidate
    ? (candidate as unknown as ModelClass)
    : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
