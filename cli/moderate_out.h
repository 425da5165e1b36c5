/*
 * moderate_out.h - a moderation run as the spamcls program shows it.
 */
#ifndef SC_MODERATE_OUT_H
#define SC_MODERATE_OUT_H

#include "run.h"

/* Messages to stderr as the program's errors and warnings; the progress
 * bar on stderr. */
extern const sc_run_events cli_run_events;

/* The exit code (exitcodes.h) for an outcome of the command cmd. */
int cli_exit_for_run(const char *cmd, sc_outcome o);

/* Prints the totals on stderr, and each page's counts (from OUTDIR's
 * pages.jsonl) when there are few pages. */
void cli_summary_print(const sc_mod_counts *c, const char *outdir);

#endif /* SC_MODERATE_OUT_H */
