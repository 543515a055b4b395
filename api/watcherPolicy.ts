// Whom a requester may add as a watcher: a colleague, i.e. an address the desk would let sign
// in to the portal (a member of groups.yaml, or an address the mail intake's sender policy
// takes). Otherwise the desk would mail ticket contents anywhere a requester types.
// Staff may add any address. Pure: the config is handed in.
import type { LoadedConfig } from '../config/load';
import { decideSignIn } from '../web/signIn/policy';
import type { FieldError } from './problem';

export function watcherAddressProblems(config: LoadedConfig, role: string, address: string): FieldError[] {
  if (role !== 'requester') return [];
  if (decideSignIn(config, address).allowed) return [];
  return [{ path: 'address', message: `${address} is not a colleague's address (the organisation's mail domains): ask the desk to add outside watchers` }];
}
