/* page_read.c - whole-page reads with a size limit, and binary sniffing. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "page_read.h"
#include "util.h"

const char *sc_page_skip_name(sc_page_skip why)
{
  static const char *const names[] = {
    "ok", "unreadable", "too_large", "binary", "out_of_memory", "output_error",
    "too_deep", "folder_link", "malformed"
  };
  return why < SC_PAGE_SKIP_COUNT ? names[why] : "unknown";
}

sc_page_skip sc_page_read(const char *path, size_t max, char **data, size_t *len,
                          struct stat *st, char *msg, size_t msglen)
{
  *data = NULL;
  *len = 0;
  /* O_NONBLOCK: a FIFO given by name is refused below, not waited on. */
  int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) : 0;
  if (fd < 0) {
    snprintf(msg, msglen, "%s: %s", path, strerror(errno));
    return SC_PAGE_UNREADABLE;
  }
  struct stat sb;
  memset(&sb, 0, sizeof sb);
  if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    snprintf(msg, msglen, "%s: is a directory", path);
    close(fd);
    return SC_PAGE_UNREADABLE;
  }
  if (fd && !S_ISREG(sb.st_mode) && !sc_path_is_shell_pipe(path)) {
    snprintf(msg, msglen, "%s: not a regular file", path);
    close(fd);
    return SC_PAGE_UNREADABLE;
  }
  if (fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
      fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  }
  if (fd && S_ISREG(sb.st_mode) && (size_t)sb.st_size > max) {
    snprintf(msg, msglen, "%s: larger than %zu bytes (--max-page)", path, max);
    close(fd);
    return SC_PAGE_TOO_LARGE;
  }
  size_t cap = S_ISREG(sb.st_mode) && sb.st_size > 0 ? (size_t)sb.st_size + 1
                                                     : 65536;
  char *buf = malloc(cap);
  size_t n = 0;
  sc_page_skip why = SC_PAGE_OK;
  for (;;) {
    if (!buf) {
      snprintf(msg, msglen, "%s: out of memory", path);
      why = SC_PAGE_NOMEM;
      break;
    }
    if (n == cap) {
      size_t ncap = cap * 2;
      char *b = realloc(buf, ncap);
      if (!b) {
        free(buf);
        buf = NULL;
        continue;
      }
      buf = b;
      cap = ncap;
    }
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0) {
      snprintf(msg, msglen, "%s: read error: %s", path, strerror(errno));
      why = SC_PAGE_UNREADABLE;
      break;
    }
    if (r == 0)
      break;
    n += (size_t)r;
    if (n > max) {
      snprintf(msg, msglen, "%s: larger than %zu bytes (--max-page)", path,
               max);
      why = SC_PAGE_TOO_LARGE;
      break;
    }
  }
  if (fd)
    close(fd);
  if (why != SC_PAGE_OK) {
    free(buf);
    return why;
  }
  *data = buf;
  *len = n;
  if (st)
    *st = sb;
  return SC_PAGE_OK;
}

int sc_page_is_binary(const char *data, size_t len)
{
  const unsigned char *u = (const unsigned char *)data;
  if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
                   (u[0] == 0xFE && u[1] == 0xFF)))
    return 0;
  size_t n = len < 8192 ? len : 8192, ctl = 0;
  for (size_t i = 0; i < n; i++) {
    if (u[i] == 0)
      return 1;
    if (u[i] < 0x20 && u[i] != '\n' && u[i] != '\r' && u[i] != '\t' &&
        u[i] != '\f' && u[i] != 0x1B)
      ctl++;
  }
  return n && ctl * 10 > n;
}

spamcls_page_kind sc_page_kind_for(const char *path, spamcls_page_kind kind)
{
  if (kind != SPAMCLS_PAGE_AUTO)
    return kind;
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash : path, '.');
  if (!dot)
    return SPAMCLS_PAGE_AUTO;
  static const char *const html[] = {".html", ".htm", ".xhtml", ".shtml",
                                     ".php", ".asp", ".aspx", ".jsp"};
  for (size_t i = 0; i < sizeof html / sizeof *html; i++)
    if (!strcasecmp(dot, html[i]))
      return SPAMCLS_PAGE_HTML;
  if (!strcasecmp(dot, ".txt") || !strcasecmp(dot, ".text"))
    return SPAMCLS_PAGE_TEXT;
  return SPAMCLS_PAGE_AUTO;
}
