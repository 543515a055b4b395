// Named errors of the IMAP adapter, so activities can tell "reconnect and retry" (connection)
// from "fix the configuration" (authentication, folder) without parsing messages.

export class ImapConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImapConnectionError';
  }
}

/** The server refused the credentials; retrying with the same ones will not help. */
export class ImapAuthenticationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImapAuthenticationError';
  }
}

/** A folder could not be opened, created, or used as a move/append target. */
export class ImapFolderError extends Error {
  readonly folder: string;
  constructor(folder: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImapFolderError';
    this.folder = folder;
  }
}

/** The server answered NO/BAD to a message-level command on a live connection. */
export class ImapCommandError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImapCommandError';
  }
}
