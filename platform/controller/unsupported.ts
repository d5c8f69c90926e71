// What the platform deliberately leaves out of OpenWhisk's model answers 501 with OpenWhisk's error shape, never a
// 404 that reads like a user error (docs/openwhisk-entities.md lists them).
import { ApiError } from '../api-error.js';
import { systemNamespace } from './system-catalog.js';

/**
 * Packages OpenWhisk deployments install in `/whisk.system` that the platform does not serve: the API gateway's
 * management actions and the catalog's feed providers (their feeds need event sources outside the platform).
 */
export const unsupportedSystemPackages: Readonly<Record<string, string>> = {
  apimgmt: 'The API gateway (/whisk.system/apimgmt)',
  routemgmt: 'The API gateway (/whisk.system/routemgmt)',
  alarms: 'The alarms feed provider (/whisk.system/alarms)',
  cloudant: 'The Cloudant feed provider (/whisk.system/cloudant)',
  github: 'The GitHub feed provider (/whisk.system/github)',
  messaging: 'The Kafka feed provider (/whisk.system/messaging)',
  pushnotifications: 'The push notifications feed provider (/whisk.system/pushnotifications)',
  websocket: 'The WebSocket feed provider (/whisk.system/websocket)',
  slack: 'The Slack package (/whisk.system/slack)',
};

export function notSupported(what: string): ApiError {
  return new ApiError(501, `${what} is not supported by the ow-eval platform.`);
}

/** Throws the 501 when `pkg` of the system namespace is one of the packages left out. */
export function checkSystemPackage(namespace: string, pkg: string | undefined): void {
  if (namespace !== systemNamespace || pkg === undefined) return;
  const what = unsupportedSystemPackages[pkg];
  if (what !== undefined) throw notSupported(what);
}
