/*
 * moderate_walk.c - the deterministic walk over input files and folders.
 *
 * Entries of a folder are read whole and sorted by byte value, so every
 * run, every shard and every machine sees the same order; only one
 * folder's names are held per level, never the whole tree.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "moderate.h"

/* Folders nested deeper than this are recorded as skipped, not walked. */
#define WALK_MAX_DEPTH 64
#define STR_(x) #x
#define STR(x) STR_(x)

typedef struct walker {
  walk_fn fn;
  void *ctx;
  unsigned long seq;
  dev_t skip_dev;
  ino_t skip_ino;
  size_t max_page;
} walker;

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *base_name(const char *p, char *buf, size_t n)
{
  size_t len = strlen(p);
  while (len > 1 && p[len - 1] == '/')
    len--;
  size_t s = len;
  while (s > 0 && p[s - 1] != '/')
    s--;
  if (len - s == 0 || (len - s == 1 && p[s] == '/'))
    snprintf(buf, n, "root");
  else if ((len - s == 1 && p[s] == '.') || (len - s == 2 && !strncmp(p + s, "..", 2)))
    snprintf(buf, n, "input");
  else
    snprintf(buf, n, "%.*s", (int)(len - s), p + s);
  return buf;
}

/* A web archive's records, each an item; then its end. */
typedef struct archive_walk {
  walker *w;
  const char *path, *rel;
  const struct stat *st;
} archive_walk;

static int archive_page(void *ctx, const warc_item *page)
{
  archive_walk *a = ctx;
  walk_item it = {a->w->seq++, a->path, a->rel, PAGE_OK, NULL, a->st, page,
                  NULL};
  return a->w->fn(a->w->ctx, &it);
}

static int emit(walker *w, const char *path, const char *rel, page_skip skip,
                const char *why, const struct stat *st)
{
  if (skip == PAGE_OK && warc_is_archive(path)) {
    archive_walk a = {w, path, rel, st};
    warc_tally t;
    int rc = warc_each(path, w->max_page, archive_page, &a, &t);
    walk_item end = {w->seq++, path, rel, PAGE_OK, NULL, st, NULL, &t};
    return rc ? rc : w->fn(w->ctx, &end);
  }
  walk_item it = {w->seq++, path, rel, skip, why, skip == PAGE_OK ? st : NULL,
                  NULL, NULL};
  return w->fn(w->ctx, &it);
}

/* A skipped entry, with "PATH: why" as its message. */
static int skip(walker *w, const char *path, const char *rel, page_skip why,
                const char *what)
{
  char msg[1024];
  snprintf(msg, sizeof msg, "%s: %s", path, what);
  return emit(w, path, rel, why, msg, NULL);
}

static int walk_dir(walker *w, const char *path, const char *rel, int depth)
{
  DIR *d = opendir(path);
  if (!d) {
    char msg[1024];
    snprintf(msg, sizeof msg, "%s: %s", path, strerror(errno));
    return emit(w, path, rel, PAGE_UNREADABLE, msg, NULL);
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;  /* hidden files, ".", ".." and temporary files */
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **v = realloc(names, cap * sizeof *v);
      if (!v) {
        rc = -1;
        break;
      }
      names = v;
    }
    if (!(names[n] = strdup(e->d_name))) {
      rc = -1;
      break;
    }
    n++;
  }
  closedir(d);
  if (rc == 0 && n)
    qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n && rc == 0; i++) {
    char *p = sc_path_join(path, names[i]);
    char *r = sc_path_join(rel, names[i]);
    struct stat sb;
    if (!p || !r) {
      rc = -1;
    } else if (lstat(p, &sb) != 0) {
      rc = skip(w, p, r, PAGE_UNREADABLE, strerror(errno));
    } else if (S_ISDIR(sb.st_mode)) {
      if (sb.st_dev == w->skip_dev && sb.st_ino == w->skip_ino)
        ;  /* the output folder itself: never read back as input */
      else if (depth < WALK_MAX_DEPTH)
        rc = walk_dir(w, p, r, depth + 1);
      else
        rc = skip(w, p, r, PAGE_TOO_DEEP, "more than "
                  STR(WALK_MAX_DEPTH) " folders deep: not walked");
    } else if (S_ISLNK(sb.st_mode)) {
      /* Links to files are read; links to folders are not followed (no
       * loops, no escapes from the tree); broken links are reported. */
      if (stat(p, &sb) != 0) {
        rc = skip(w, p, r, PAGE_UNREADABLE, strerror(errno));
      } else if (S_ISREG(sb.st_mode)) {
        rc = emit(w, p, r, PAGE_OK, NULL, &sb);
      } else if (S_ISDIR(sb.st_mode)) {
        rc = skip(w, p, r, PAGE_FOLDER_LINK, "a link to a folder: not followed");
      } else {
        rc = skip(w, p, r, PAGE_UNREADABLE, "a link to a special file");
      }
    } else if (S_ISREG(sb.st_mode)) {
      rc = emit(w, p, r, PAGE_OK, NULL, &sb);
    } else {
      rc = skip(w, p, r, PAGE_UNREADABLE, "not a regular file");
    }
    free(p);
    free(r);
  }
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  return rc;
}

int walk_inputs(char **paths, int n, dev_t skip_dev, ino_t skip_ino,
                size_t max_page, walk_fn fn, void *ctx)
{
  walker w = {fn, ctx, 0, skip_dev, skip_ino, max_page};
  int rc = 0;
  for (int i = 0; i < n && rc == 0; i++) {
    char base[256];
    base_name(paths[i], base, sizeof base);
    struct stat sb;
    if (stat(paths[i], &sb) != 0) {
      char msg[1024];
      snprintf(msg, sizeof msg, "%s: %s", paths[i], strerror(errno));
      rc = emit(&w, paths[i], base, PAGE_UNREADABLE, msg, NULL);
    } else if (S_ISDIR(sb.st_mode)) {
      rc = walk_dir(&w, paths[i], base, 0);
    } else {
      rc = emit(&w, paths[i], base, PAGE_OK, NULL, &sb);
    }
  }
  return rc;
}

int walk_check_names(char **paths, int n)
{
  for (int i = 0; i < n; i++)
    for (int k = 0; k < i; k++) {
      char a[256], b[256];
      if (!strcmp(base_name(paths[i], a, sizeof a),
                  base_name(paths[k], b, sizeof b))) {
        cli_usage_error("moderate", "inputs '%s' and '%s' would both be "
                        "clean/%s in the output folder", paths[k], paths[i], a);
        return -1;
      }
    }
  return 0;
}
