/* msgs.c - messages, strict option values and output escaping. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util.h"

/* Writes a message on stderr with what a terminal must not get raw (control
 * characters, bytes that are not UTF-8, as file names may hold) written
 * as \xHH. */
static void put_escaped(const char *prefix, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void put_escaped(const char *prefix, const char *fmt, va_list ap)
{
  char small[1024];
  va_list aq;
  va_copy(aq, ap);
  int n = vsnprintf(small, sizeof small, fmt, aq);
  va_end(aq);
  char *s = small, *big = NULL;
  if (n >= (int)sizeof small && (big = malloc((size_t)n + 1)) != NULL) {
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    s = big;
  } else if (n >= (int)sizeof small) {
    n = (int)sizeof small - 1;
  }
  if (n < 0)
    n = 0;
  fputs(prefix, stderr);
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < (size_t)n;) {
    int32_t cp;
    size_t len = sc_utf8_decode(u + i, (size_t)n - i, &cp);
    if (cp < 0x20 || cp == 0x7F) {  /* a bad byte alone: one \xHH each */
      fprintf(stderr, "\\x%02X", u[i]);
      i++;
    } else {
      fwrite(u + i, 1, len, stderr);
      i += len;
    }
  }
  fputc('\n', stderr);
  free(big);
}

void cli_error(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  put_escaped("spamcls: ", fmt, ap);
  va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  put_escaped("spamcls: warning: ", fmt, ap);
  va_end(ap);
}

void cli_line(const char *prefix, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  put_escaped(prefix, fmt, ap);
  va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char prefix[64];
  snprintf(prefix, sizeof prefix, "spamcls %s: ", cmd);
  put_escaped(prefix, fmt, ap);
  fprintf(stderr, "Try 'spamcls %s --help'.\n", cmd);
  va_end(ap);
  return EXIT_USAGE;
}

int cli_exit_for(spamcls_status st)
{
  switch (st) {
  case SPAMCLS_OK:
  case SPAMCLS_EOF:
    return EXIT_OK;
  case SPAMCLS_ERR_NOMEM:
    return EXIT_NOMEM;
  case SPAMCLS_ERR_IO:
  case SPAMCLS_ERR_FORMAT:
  case SPAMCLS_ERR_LIMIT:
    return EXIT_INPUT;
  case SPAMCLS_ERR_MODEL:
  case SPAMCLS_ERR_VERSION:
    return EXIT_MODEL;
  case SPAMCLS_ERR_PARAM:
    return EXIT_USAGE;
  case SPAMCLS_ERR_TRAIN:
    return EXIT_TRAIN;
  }
  return EXIT_INPUT;
}

int cli_parse_double(const char *cmd, const char *opt, const char *s,
                     double lo, double hi, double *out)
{
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi) {
    cli_usage_error(cmd, "%s expects a number from %g to %g, not '%s'", opt,
                    lo, hi, s);
    return -1;
  }
  *out = v;
  return 0;
}

int cli_parse_uint(const char *cmd, const char *opt, const char *s,
                   unsigned long lo, unsigned long hi, unsigned long *out)
{
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno || end == s || *end || *s == '-' || v < lo || v > hi) {
    cli_usage_error(cmd, "%s expects a whole number from %lu to %lu, not '%s'",
                    opt, lo, hi, s);
    return -1;
  }
  *out = v;
  return 0;
}

int cli_finish_stdout(void)
{
  int bad = ferror(stdout);
  if (fflush(stdout) != 0 || bad) {
    cli_error("writing output failed: %s", strerror(errno ? errno : EIO));
    return EXIT_OUTPUT;
  }
  return EXIT_OK;
}

size_t cli_tsv_escape(char *out, const char *s, size_t n)
{
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i], e;
    switch (c) {
    case '\t': e = 't'; break;
    case '\n': e = 'n'; break;
    case '\r': e = 'r'; break;
    case '\\': e = '\\'; break;
    case '\0': e = '0'; break;
    default: out[o++] = c; continue;
    }
    out[o++] = '\\';
    out[o++] = e;
  }
  return o;
}

void cli_tsv_field(FILE *fp, const char *s, size_t n)
{
  char buf[2 * 256];
  while (n) {
    size_t k = n < 256 ? n : 256;
    fwrite(buf, 1, cli_tsv_escape(buf, s, k), fp);
    s += k;
    n -= k;
  }
}
