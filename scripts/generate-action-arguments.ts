// Writes ticket/actionArguments.generated.ts: each ticket action's update argument as JSON
// Schema, generated from its zod contract (ticket/actions.ts), for the ticket workflow's
// zod-free check (ticket/argumentCheck.ts). Run after changing a contract:
//   npm run generate:action-arguments
// (test/unit/argumentCheck.test.ts fails while the file is out of date).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { actionArgumentsModule } from '../ticket/actionArgumentsSource';

const target = fileURLToPath(new URL('../ticket/actionArguments.generated.ts', import.meta.url));
writeFileSync(target, actionArgumentsModule());
console.log(`wrote ${target}`);
