/*
 * chatter.c - progress messages for a training run, and the sink for the
 * solvers' own output.
 *
 * libsvm and liblinear print through a process-wide pointer to a function
 * that takes only the text. Both are pointed once at sc_solver_print; it
 * finds the destination in a thread-local variable that the fitting
 * thread set (sc_solver_sink_open), so concurrent trainings each get their
 * own chatter and a thread that opened no sink drops it. Nothing reaches
 * stdout. Lines of progress dots and stars are dropped; the rest go to
 * params->log, one complete line at a time, with a prefix.
 *
 * The fits of one training run on several threads, each with its lines:
 * a lock makes the calls to params->log one at a time, so that a
 * callback written for one thread (a counter, a list) works as it is.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "classifier.h"

static _Thread_local sc_solver_sink *current_sink;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void sc_train_log(const spamcls_train_params *p, const char *fmt, ...)
{
  if (!p || !p->log)
    return;
  sc_buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n >= 0 && sc_buf_reserve(&b, (size_t)n) == 0) {
    va_start(ap, fmt);
    vsnprintf(b.data, (size_t)n + 1, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&log_lock);
    p->log(p->log_ctx, b.data);
    pthread_mutex_unlock(&log_lock);
  }
  sc_buf_free(&b);
}

void sc_solver_sink_open(sc_solver_sink *k, const spamcls_train_params *p,
                         const char *prefix)
{
  memset(k, 0, sizeof *k);
  k->p = p;
  k->prefix = prefix;
  k->prev = current_sink;
  current_sink = k;
}

/* Sends the text of a line, without the progress marks. */
static void emit(sc_solver_sink *k, const char *s, size_t n)
{
  while (n && strchr(".*\r ", s[0]))
    s++, n--;
  if (n == 0 || !k->p || !k->p->log)
    return;
  sc_train_log(k->p, "%s%.*s", k->prefix, (int)n, s);
}

static void flush_lines(sc_solver_sink *k, int all)
{
  char *start = k->line.data;
  size_t left = k->line.len;
  char *nl;
  while (left && (nl = memchr(start, '\n', left)) != NULL) {
    emit(k, start, (size_t)(nl - start));
    left -= (size_t)(nl - start) + 1;
    start = nl + 1;
  }
  if (all && left) {
    emit(k, start, left);
    left = 0;
  }
  memmove(k->line.data, start, left);
  k->line.len = left;
  k->line.data[left] = '\0';
}

void sc_solver_print(const char *s)
{
  sc_solver_sink *k = current_sink;
  if (!k || !k->p || !k->p->log || !s)
    return;
  if (sc_buf_append(&k->line, s, strlen(s)) < 0) {
    sc_buf_clear(&k->line);  /* out of memory: chatter is expendable */
    return;
  }
  flush_lines(k, 0);
}

void sc_solver_sink_close(sc_solver_sink *k)
{
  if (k->line.data)
    flush_lines(k, 1);
  sc_buf_free(&k->line);
  current_sink = k->prev;
}
