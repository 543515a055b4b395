// Where the store's sqlite file is: ITDESK_STORE_FILE, else data/itdesk.sqlite (as `itdesk start` uses).
import { resolve } from 'node:path';

export const storeFile = (env: NodeJS.ProcessEnv = process.env) => resolve(env.ITDESK_STORE_FILE ?? 'data/itdesk.sqlite');
