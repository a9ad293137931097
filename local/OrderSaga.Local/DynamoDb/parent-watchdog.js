// Loaded with `node --require` before dynalite: ends dynalite when the local cloud that started it is gone.
// A local cloud killed with SIGKILL cannot stop its children, and an orphaned dynalite would keep its port and data
// directory locked for the next start. An orphan is re-parented, so a changed parent pid is the signal (a dead parent
// can linger as a zombie that still answers kill(pid, 0)).
'use strict';
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) {
    process.exit(0);
  }
}, 500).unref();
