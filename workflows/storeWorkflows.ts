// Every workflow the store worker registers (its own bundle: the ticket worker's is unchanged).
export { storeCommandWorkflow } from './storeCommand';
export { weeklyReportWorkflow } from './weeklyReport';
