/**
 * Run `stop` once on the first SIGTERM or SIGINT (stop taking jobs, finish or release the active
 * ones, close connections); a second signal exits at once. Resolves when `stop` has finished.
 */
export function untilShutdown(stop: () => Promise<void>, log: { info(o: object, m: string): void; error(o: object, m: string): void }): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.info({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      stopping = true;
      log.info({ signal }, 'shutting down: finishing active jobs');
      stop()
        .catch((err) => log.error({ err }, 'error while shutting down'))
        .finally(() => {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          resolve();
        });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
