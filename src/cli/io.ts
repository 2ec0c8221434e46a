/** The process as the CLI sees it, passed in so commands run the same in tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stderrIsTty: boolean;
  env: NodeJS.ProcessEnv;
  /** Aborted on the first Ctrl-C: the run stops and keeps what it completed. */
  interrupt: AbortSignal;
}
