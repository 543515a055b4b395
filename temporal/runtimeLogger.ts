// The log of the Temporal SDK inside the desk: the SDK's default format and levels, minus lines
// that are expected by design and help no one who reads the start-up output.
import { DefaultLogger, type LogEntry, type LogLevel, type LogMetadata } from '@temporalio/worker';

const EXPECTED_BY_DESIGN = new Set([
  // The store worker runs the sqlite activities only, so it registers no workflows on purpose.
  'No workflows registered, not polling for workflow tasks',
]);

export class DeskRuntimeLogger extends DefaultLogger {
  constructor(level: LogLevel = 'WARN', write?: (entry: LogEntry) => void) {
    super(level, write);
  }

  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (EXPECTED_BY_DESIGN.has(message)) return;
    super.log(level, message, meta);
  }
}
