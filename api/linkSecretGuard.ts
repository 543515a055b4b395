// The one-click link routes on a desk without a usable link secret: links are switched off, and
// every request to them is answered with what is missing (503 links-disabled), as a page for a
// browser and problem+json for anything else, instead of failing inside the verification.
import type { MiddlewareHandler } from 'hono';
import type { ConfigSource } from '../config/source';
import { linkSecretStatus, SWITCH_LINKS_ON } from '../links/signedLink';
import { linkProblem } from './linkPages';
import { problems } from './problem';

export function requireLinkSecret(config: ConfigSource, env: NodeJS.ProcessEnv = process.env): MiddlewareHandler {
  return async (c, next) => {
    const links = linkSecretStatus(config.current(), env);
    if (links.on) return next();
    const problem = problems.linksDisabled(
      `${links.why}, so this desk signs no links and cannot check this one; ${SWITCH_LINKS_ON}. ` +
        'Until then approvers decide with POST /api/tickets/{number}/approval and requesters answer by replying to the mail.',
    );
    return linkProblem(c, problem);
  };
}
