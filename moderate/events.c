/*
 * events.c - what a run tells its caller: messages go to the caller's
 * callback, never to a stream of the library's choosing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

void sc_run_say(const sc_run_events *ev, sc_level level, const char *fmt, ...)
{
  if (!ev || !ev->message)
    return;
  char small[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  char *msg = small;
  /* a long message (a long file name) is given whole */
  if (n >= (int)sizeof small && (msg = malloc((size_t)n + 1)) != NULL) {
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  ev->message(ev->ctx, level, msg ? msg : small);
  if (msg != small)
    free(msg);
}

int sc_run_atomic_open(sc_atomic *a, const sc_outdir *od, const char *name,
                       const sc_run_events *ev)
{
  char *shown = sc_path_join(od->path, name);
  spamcls_error err = {{0}};
  spamcls_status st = shown ? sc_atomic_open_at(a, od->fd, name, shown, &err)
                            : SPAMCLS_ERR_NOMEM;
  if (!shown) {
    memset(a, 0, sizeof *a);
    a->dirfd = -1;
  }
  if (st != SPAMCLS_OK)
    sc_run_say(ev, SC_MSG_ERROR, "%s", shown ? err.msg : spamcls_strerror(st));
  free(shown);
  return st == SPAMCLS_OK ? 0 : -1;
}

int sc_run_atomic_commit(sc_atomic *a, const sc_run_events *ev)
{
  spamcls_error err = {{0}};
  if (sc_atomic_commit(a, &err) == SPAMCLS_OK)
    return 0;
  sc_run_say(ev, SC_MSG_ERROR, "%s", err.msg);
  return -1;
}
