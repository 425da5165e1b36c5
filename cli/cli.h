/*
 * cli.h - shared pieces of the spamcls command: subcommands, messages,
 * option helpers. Only cli/ writes to stdout/stderr or exits.
 */
#ifndef SC_CLI_H
#define SC_CLI_H

#include <stdio.h>

#include "exitcodes.h"
#include "spamcls.h"
#include "util.h"

/* Subcommands: each returns an exit code from exitcodes.h. */
int cmd_score(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_learn(int argc, char **argv);
int cmd_features(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_moderate(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_eval(int argc, char **argv);

/* "spamcls: " + message on stderr; control characters and bytes that
 * are not UTF-8 (file names may hold any) are written as \xHH. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* prefix + message on stderr, escaped as cli_error does. */
void cli_line(const char *prefix, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* An unknown option or bad argument: message, hint, EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* v as printf's "%.6f" writes it, faster; into buf (CLI_FIXED6_MAX
 * bytes: DBL_MAX has 309 digits), NUL-terminated; returns the length. */
#define CLI_FIXED6_MAX 330
size_t cli_fixed6(char *buf, double v);

/* The exit code for a library status. */
int cli_exit_for(spamcls_status st);

/* Strict number parsing for option values: 0 on success, -1 with a usage
 * message naming the option otherwise. */
int cli_parse_double(const char *cmd, const char *opt, const char *s,
                     double lo, double hi, double *out);
int cli_parse_uint(const char *cmd, const char *opt, const char *s,
                   unsigned long lo, unsigned long hi, unsigned long *out);

/* The model to use when -m is not given: $SPAMCLS_MODEL, else the
 * default model beside the binary's source tree (a build) or the
 * installed one. Never NULL. */
const char *cli_default_model(void);

/* 1 when path names a FIFO, socket or device: given by name, these are
 * refused (opening a FIFO waits for a writer, perhaps forever), as the
 * walk over folders skips them. "-" and the descriptors the shell hands
 * over (/dev/stdin, /dev/fd/N, /proc/self/fd/N, as <(...) gives) are
 * read. */
int cli_special_file(const char *path);
/* 1 for /dev/stdin, /dev/fd/N and /proc/self/fd/N. */
int sc_path_is_shell_pipe(const char *path);

/* Loads a model, reporting failures; returns EXIT_OK or EXIT_MODEL. */
int cli_load_model(const char *path, spamcls_model **out);

/* Reader options shared by score, train and features. */
typedef struct cli_input_opts {
  spamcls_reader_options ro;
} cli_input_opts;

/* Handles one of the shared input options (--format, --text-col, ...);
 * 1 if it was one, 0 if not, -1 on a bad value (message printed). */
int cli_input_option(const char *cmd, int opt, const char *arg,
                     cli_input_opts *io);

/* Called for each record of an input; EXIT_OK goes on, any other exit
 * code stops the file with it. */
typedef int (*cli_record_fn)(void *ctx, const char *path,
                             const spamcls_comment *c);

/* Calls fn on every record of path ("-": standard input), in order. A
 * malformed or oversized record is reported ("(skipped)") and the rest
 * goes on; an unreadable file or a read error is reported and ends it.
 * Returns EXIT_OK, EXIT_INPUT (a record skipped or the file unreadable),
 * EXIT_NOMEM, or the code fn stopped with. */
int cli_each_record(const char *path, const spamcls_reader_options *ro,
                    cli_record_fn fn, void *ctx);
/* cli_each_record, calling on_wait(wctx) whenever the input is about to
 * wait for a writer (spamcls_reader_on_wait): where results stream, the
 * moment to flush them. */
int cli_each_record_streaming(const char *path,
                              const spamcls_reader_options *ro,
                              cli_record_fn fn, void *ctx,
                              void (*on_wait)(void *), void *wctx);

/* --kind: auto, html or text; a usage error (EXIT_USAGE) otherwise. */
int cli_parse_page_kind(const char *cmd, const char *s, spamcls_page_kind *k);

/* Checks stdout for a write error at the end: EXIT_OK or EXIT_OUTPUT. */
int cli_finish_stdout(void);

/* Writes s[0..n) for a TSV field: tabs, newlines and backslashes escaped. */
void cli_tsv_field(FILE *fp, const char *s, size_t n);
/* The same into out (room for 2n bytes); returns the length written. */
size_t cli_tsv_escape(char *out, const char *s, size_t n);

#endif /* SC_CLI_H */
