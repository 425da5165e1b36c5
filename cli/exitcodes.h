/*
 * exitcodes.h - the exit codes of the spamcls command, the one table that
 * the README and the man page document.
 */
#ifndef SC_EXITCODES_H
#define SC_EXITCODES_H

enum {
  EXIT_OK = 0,          /* success; with --exit-status: no spam found */
  EXIT_SPAM_FOUND = 1,  /* with --exit-status only: some comment is spam */
  EXIT_USAGE = 2,       /* bad option, missing argument, unknown command */
  EXIT_INPUT = 3,       /* an input was unreadable or had malformed records
                           (the rest was processed) */
  EXIT_MODEL = 4,       /* model missing, corrupt, foreign or unsupported */
  EXIT_OUTPUT = 5,      /* output could not be written (disk full, ...) */
  EXIT_TRAIN = 6,       /* training impossible (no data, a single class) */
  EXIT_NOMEM = 7        /* out of memory */
};

#endif /* SC_EXITCODES_H */
