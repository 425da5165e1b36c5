/*
 * replay.c - the main() of a fuzz target built without libFuzzer: runs
 * LLVMFuzzerTestOneInput once on each file named, and on each file in each
 * folder named (sorted, so runs are repeatable). A failing input aborts
 * the program, which names it first; exit 1 when a path cannot be read or
 * holds no input at all (an empty corpus would test nothing).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return -1;
  }
  size_t cap = 4096, len = 0;
  unsigned char *buf = malloc(cap);
  size_t k;
  while (buf && (k = fread(buf + len, 1, cap - len, fp)) > 0) {
    len += k;
    if (len == cap) {
      unsigned char *b = realloc(buf, cap *= 2);
      if (!b)
        free(buf);
      buf = b;
    }
  }
  int bad = ferror(fp);
  fclose(fp);
  if (!buf || bad) {
    fprintf(stderr, "replay: %s: %s\n", path,
            buf ? "read error" : "out of memory");
    free(buf);
    return -1;
  }
  fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
  /* An exact-size copy, so that AddressSanitizer sees reads past the end. */
  unsigned char *exact = malloc(len ? len : 1);
  if (!exact) {
    free(buf);
    return -1;
  }
  memcpy(exact, buf, len);
  free(buf);
  LLVMFuzzerTestOneInput(exact, len);
  free(exact);
  return 1;
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir)
{
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      char **nn = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *nn);
      if (!nn)
        break;
      names = nn;
    }
    names[n] = strdup(e->d_name);
    if (names[n])
      n++;
  }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  int ran = 0, failed = 0;
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(dir) + strlen(names[i]) + 2;
    char *path = malloc(len);
    if (path) {
      snprintf(path, len, "%s/%s", dir, names[i]);
      struct stat sb;
      if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
        int r = run_file(path);
        if (r < 0)
          failed = 1;
        else
          ran += r;
      }
      free(path);
    }
    free(names[i]);
  }
  free(names);
  return failed ? -1 : ran;
}

int main(int argc, char **argv)
{
  int ran = 0, failed = 0;
  for (int i = 1; i < argc; i++) {
    struct stat sb;
    int r;
    if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
      r = run_dir(argv[i]);
    else
      r = run_file(argv[i]);
    if (r < 0)
      failed = 1;
    else
      ran += r;
  }
  printf("replay: %d inputs ran without a failure\n", ran);
  if (failed || ran == 0) {
    fprintf(stderr, "replay: %s\n", failed ? "unreadable input" : "no input");
    return 1;
  }
  return 0;
}
