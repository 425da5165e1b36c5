/*
 * moderate_out.c - what "spamcls moderate" and "spamcls merge" show of a
 * run: its messages and progress bar on standard error, its totals at the
 * end, and the exit code its outcome maps to.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "moderate_out.h"
#include "report.h"

/* Up to this many pages, the summary on stderr lists each one. */
#define SUMMARY_PAGE_LINES 50

/* A bar is on the terminal's last line: a message starts a line of its
 * own. */
static int bar_shown;

static void message(void *ctx, sc_level level, const char *msg)
{
  (void)ctx;
  if (bar_shown)
    fputc('\n', stderr);
  bar_shown = 0;
  if (level == SC_MSG_NOTE)
    cli_line("moderate: ", "%s", msg);
  else if (level == SC_MSG_WARNING)
    cli_warn("%s", msg);
  else
    cli_error("%s", msg);
}

/* Pages done and their rates; the share of the input's bytes done and
 * the time left at the rate bytes went so far. Without a total (no spool
 * could be written) only the pages. */
static void progress(void *ctx, const sc_run_progress *p)
{
  (void)ctx;
  double t = p->seconds;
  double rate = t > 0 ? (double)p->pages / t : 0;
  double crate = t > 0 ? (double)p->comments / t : 0;
  if (!p->sized) {
    fprintf(stderr, "\r%lu pages  %.0f pages/s  %.0f comments/s ", p->pages,
            rate, crate);
  } else {
    uint64_t at = p->finished ? p->bytes_total : p->bytes_done;
    /* rounded down: 100% only when all of it is done */
    double part = p->bytes_total ? (double)at / (double)p->bytes_total
                                 : p->finished;
    int width = 24, fill = (int)((double)width * part);
    double brate = t > 0 ? (double)at / t : 0;
    char eta[32] = "--:--";
    if (brate > 0 || p->finished) {
      long s = brate > 0 ? (long)((double)(p->bytes_total - at) / brate + 0.5)
                         : 0;
      snprintf(eta, sizeof eta, "%ld:%02ld", s / 60, s % 60);
    }
    fprintf(stderr, "\r[%.*s%*s] %3d%%  %lu pages  %.0f pages/s  "
            "%.0f comments/s  ETA %s ", fill, "########################",
            width - fill, "", (int)(100.0 * part), p->pages, rate, crate, eta);
  }
  bar_shown = !p->final;
  if (p->final)
    fputc('\n', stderr);
  fflush(stderr);
}

const sc_run_events cli_run_events = {message, progress, NULL};

int cli_exit_for_run(const char *cmd, sc_outcome o)
{
  switch (o) {
  case SC_RUN_OK: return EXIT_OK;
  case SC_RUN_INPUT: return EXIT_INPUT;
  case SC_RUN_OUTPUT: return EXIT_OUTPUT;
  case SC_RUN_NOMEM: return EXIT_NOMEM;
  case SC_RUN_BUSY: return EXIT_USAGE;
  case SC_RUN_REFUSED:
    /* what was asked is wrong: the message said what, this says where
     * to look, as for any usage error */
    fprintf(stderr, "Try 'spamcls %s --help'.\n", cmd);
    return EXIT_USAGE;
  }
  return EXIT_OUTPUT;
}

/* A page's line of the printed totals. */
static int page_line(const sc_record *r, void *ctx)
{
  (void)ctx;
  if (r->kind == SC_RECORD_ARCHIVE)
    cli_line("  ", "%s: web archive of %lu records, %lu pages", r->page,
             r->records, r->pages);
  else if (r->kind == SC_RECORD_SKIPPED)
    cli_line("  ", "%s: skipped (%s)", r->page, r->reason ? r->reason : "?");
  else if (r->kind == SC_RECORD_PAGE)
    cli_line("  ", "%s: %lu comments: %lu spam, %lu ham, %lu unsure, "
             "%lu empty", r->page, r->st.comments, r->st.spam, r->st.ham,
             r->st.unsure, r->st.empty);
  return 0;
}

void cli_summary_print(const sc_mod_counts *c, const char *outdir)
{
  unsigned long skipped = c->pages - c->pages_ok;
  fprintf(stderr, "moderate: %lu pages (%lu moderated, %lu skipped), %lu "
          "comments: %lu spam (%lu removed", c->pages, c->pages_ok, skipped,
          c->comments, c->spam, c->removed);
  if (c->kept_spam)
    fprintf(stderr, ", %lu not removable", c->kept_spam);
  fprintf(stderr, "), %lu ham, %lu unsure, %lu empty\n", c->ham, c->unsure,
          c->empty);
  if (c->exports)
    fprintf(stderr, "moderate: %lu site exports: %lu comments marked spam "
            "(%lu without a status field to mark); %lu disagreements with "
            "the site (%lu it approved judged spam, %lu it called spam "
            "judged ham)\n", c->exports, c->marked, c->unmarkable,
            c->disagreements, c->site[1][1], c->site[3][0]);
  if (skipped) {
    fputs("moderate: skipped:", stderr);
    for (int i = 1; i < SC_PAGE_SKIP_COUNT; i++)
      if (c->skipped[i])
        fprintf(stderr, " %lu %s", c->skipped[i], sc_page_skip_name((sc_page_skip)i));
    fputc('\n', stderr);
  }
  if (c->archives)
    fprintf(stderr, "moderate: %lu web archives: %lu records, %lu of them "
            "not HTML pages (skipped)%s\n", c->archives, c->archive_records,
            c->archive_other, c->archive_errors ? "; some could not be read "
            "to their end" : "");
  if (c->truncated_comments)
    fprintf(stderr, "moderate: %lu comments longer than --max-record were "
            "judged on their start\n", c->truncated_comments);
  if (c->capped_elements)
    fprintf(stderr, "moderate: %lu elements had more than %d attributes (the "
            "rest not read)\n", c->capped_elements, SPAMCLS_PAGE_MAX_ATTRS);
  if (c->invalid_utf8_pages)
    fprintf(stderr, "moderate: %lu pages had invalid UTF-8 (replaced)\n",
            c->invalid_utf8_pages);
  /* Each page on its own line while that stays readable. */
  if (c->pages <= SUMMARY_PAGE_LINES) {
    int fd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      sc_records_each(fd, "pages.jsonl", page_line, NULL);
      close(fd);
    }
  }
  cli_line("moderate: ", "per page: %s/summary.json; review: %s/report.html",
           outdir, outdir);
}
