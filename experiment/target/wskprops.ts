// Reads the wsk CLI's own settings file (~/.wskprops, or $WSK_CONFIG_FILE): KEY=VALUE lines such as
// APIHOST=http://localhost:3233, AUTH=uuid:key, NAMESPACE=guest, INSECURE_SSL=true.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface WskProps {
  APIHOST?: string;
  AUTH?: string;
  NAMESPACE?: string;
  INSECURE_SSL?: string;
  APIVERSION?: string;
  [key: string]: string | undefined;
}

export function wskpropsPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.WSK_CONFIG_FILE ?? join(homedir(), '.wskprops');
}

export function parseWskProps(text: string): WskProps {
  const props: WskProps = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    props[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return props;
}

/** undefined when the file does not exist; other read errors propagate. */
export async function readWskProps(path: string = wskpropsPath()): Promise<WskProps | undefined> {
  try {
    return parseWskProps(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
