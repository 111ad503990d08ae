import { main } from './cli';

// The first SIGINT/SIGTERM ends the run and still prints the table and writes the reports; a second one exits.
const controller = new AbortController();
const onSignal = (signal: NodeJS.Signals) => {
  if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
  controller.abort();
};
process.on('SIGINT', onSignal).on('SIGTERM', onSignal);

const io = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };
main(process.argv.slice(2), process.env, io, controller.signal).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`loadgenerator failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
