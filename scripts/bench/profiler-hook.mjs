// Loaded into each server with `--import` when the bench runs with --profile: starts the V8 CPU
// profiler, and stops it and writes the profile to a file, when the bench asks over IPC.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();

const post = (method, params = {}) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );

async function answer(message) {
  if (message?.profile === 'start') {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 500 });
    await post('Profiler.start');
  } else if (message?.profile === 'stop') {
    writeFileSync(message.file, JSON.stringify((await post('Profiler.stop')).profile));
  } else return;
  process.send({ profile: message.profile, done: true });
}

process.on('message', (message) => void answer(message));
