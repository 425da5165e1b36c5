/*
 * outdir.c - writing inside an output folder through descriptors (see
 * (util.h) for why).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

char *sc_path_join(const char *dir, const char *name)
{
  size_t a = strlen(dir), b = strlen(name);
  char *p = malloc(a + b + 2);
  if (!p)
    return NULL;
  memcpy(p, dir, a);
  size_t k = a;
  if (a && dir[a - 1] != '/')
    p[k++] = '/';
  memcpy(p + k, name, b + 1);
  return p;
}

/* Creates dir and its parents, following the path as the user gave it. */
static int make_dirs(const char *dir)
{
  char *p = strdup(dir);
  if (!p)
    return -1;
  size_t n = strlen(p);
  for (size_t i = 1; i <= n; i++) {
    if (p[i] != '/' && p[i] != '\0')
      continue;
    char c = p[i];
    p[i] = '\0';
    if (mkdir(p, 0777) != 0 && errno != EEXIST) {
      int e = errno;
      free(p);
      errno = e;
      return -1;
    }
    p[i] = c;
  }
  free(p);
  return 0;
}

int sc_outdir_open(sc_outdir *od, const char *path)
{
  od->fd = -1;
  od->path = strdup(path);
  if (!od->path)
    return -1;
  if (make_dirs(path) != 0)
    return -1;
  od->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  return od->fd < 0 ? -1 : 0;
}

void sc_outdir_close(sc_outdir *od)
{
  if (od->fd >= 0)
    close(od->fd);
  free(od->path);
  od->fd = -1;
  od->path = NULL;
}

/* Opens one folder name in dirfd, making it when create. */
static int open_one(int dirfd, const char *name, int create)
{
  if (!strcmp(name, "..")) {
    errno = EINVAL;
    return -1;
  }
  int fd = openat(dirfd, name, DIR_FLAGS);
  if (fd < 0 && errno == ENOENT && create) {
    if (mkdirat(dirfd, name, 0777) != 0 && errno != EEXIST)
      return -1;
    fd = openat(dirfd, name, DIR_FLAGS);
  }
  return fd;
}

static int walk_dirs(int dirfd, const char *rel, size_t len, int create)
{
  char name[NAME_MAX + 1];
  int cur = dup(dirfd);
  size_t i = 0;
  while (cur >= 0 && i < len) {
    size_t j = i;
    while (j < len && rel[j] != '/')
      j++;
    if (j - i > NAME_MAX) {
      close(cur);
      errno = ENAMETOOLONG;
      return -1;
    }
    if (j > i && !(j - i == 1 && rel[i] == '.')) {
      memcpy(name, rel + i, j - i);
      name[j - i] = '\0';
      int next = open_one(cur, name, create);
      int e = errno;
      close(cur);
      errno = e;
      cur = next;
    }
    i = j + 1;
  }
  return cur;
}

int sc_dir_at(int dirfd, const char *rel, int create)
{
  return walk_dirs(dirfd, rel, strlen(rel), create);
}

int sc_dir_parent_at(int dirfd, const char *rel, int create, const char **base)
{
  const char *slash = strrchr(rel, '/');
  *base = slash ? slash + 1 : rel;
  return walk_dirs(dirfd, rel, slash ? (size_t)(slash - rel) : 0, create);
}

int sc_tmp_at(int dirfd, const char *name, char **tmp)
{
  static atomic_ulong counter;
  size_t n = strlen(name);
  if (n > 200)
    n = 200;  /* the temporary name must fit NAME_MAX too */
  char *t = malloc(n + 32);
  if (!t)
    return -1;
  for (int tries = 0; tries < 100; tries++) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long r = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 20) ^
                      (atomic_fetch_add(&counter, 1) * 2654435761UL);
    snprintf(t, n + 32, ".%.*s.tmp.%06lx", (int)n, name, r & 0xffffff);
    int fd = openat(dirfd, t, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                    O_CLOEXEC, 0666);
    if (fd >= 0) {
      *tmp = t;
      return fd;
    }
    if (errno != EEXIST)
      break;
  }
  int e = errno;
  free(t);
  errno = e;
  return -1;
}

int sc_write_all(int fd, const char *p, size_t n)
{
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int sc_write_atomic_at(int dirfd, const char *name, const char *const *parts,
                       const size_t *lens, size_t n)
{
  char *tmp;
  int fd = sc_tmp_at(dirfd, name, &tmp);
  if (fd < 0)
    return -1;
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++)
    rc = sc_write_all(fd, parts[i], lens[i]);
  int e = errno;
  if (close(fd) != 0 && rc == 0) {
    rc = -1;
    e = errno;
  }
  if (rc == 0 && renameat(dirfd, tmp, dirfd, name) != 0) {
    rc = -1;
    e = errno;
  }
  if (rc != 0)
    unlinkat(dirfd, tmp, 0);
  free(tmp);
  errno = e;
  return rc;
}

FILE *sc_fopen_at(int dirfd, const char *name)
{
  int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  struct stat sb;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    close(fd);
    errno = EINVAL;
    return NULL;
  }
  FILE *fp = fdopen(fd, "rb");
  if (!fp)
    close(fd);
  return fp;
}

int sc_is_file_at(int dirfd, const char *name)
{
  struct stat sb;
  return fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
         S_ISREG(sb.st_mode);
}

void sc_dir_each(int dirfd, void (*fn)(int, const char *, void *), void *ctx)
{
  int fd = dup(dirfd);
  DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
  if (!d) {
    if (fd >= 0)
      close(fd);
    return;
  }
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      fn(dirfd, e->d_name, ctx);
  closedir(d);
}

static void sweep_one(int dirfd, const char *name, void *ctx)
{
  int depth = *(int *)ctx;
  struct stat sb;
  if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
    return;
  if (S_ISDIR(sb.st_mode)) {
    int fd = depth < 64 ? openat(dirfd, name, DIR_FLAGS) : -1;
    if (fd >= 0) {
      sc_sweep_temps(fd, depth + 1);
      close(fd);
    }
  } else if (name[0] == '.' && strstr(name, ".tmp.") && S_ISREG(sb.st_mode)) {
    unlinkat(dirfd, name, 0);
  }
}

void sc_sweep_temps(int dirfd, int depth)
{
  sc_dir_each(dirfd, sweep_one, &depth);
}

static void remove_one(int dirfd, const char *name, void *ctx)
{
  if (sc_remove_at(dirfd, name) != 0 && !*(int *)ctx)
    *(int *)ctx = errno;
}

int sc_remove_at(int dirfd, const char *name)
{
  if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
    return 0;
  if (errno != EISDIR && errno != EPERM)
    return -1;
  int fd = openat(dirfd, name, DIR_FLAGS);
  if (fd < 0)
    return errno == ENOENT ? 0 : -1;
  int err = 0;
  sc_dir_each(fd, remove_one, &err);
  close(fd);
  if (unlinkat(dirfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
    return -1;
  return 0;
}

int sc_path_is_shell_pipe(const char *path)
{
  return !strcmp(path, "/dev/stdin") || !strncmp(path, "/dev/fd/", 8) ||
         !strncmp(path, "/proc/self/fd/", 14);
}

/* realpath() of path, or of its longest existing prefix with the rest
 * appended (a folder not made yet). 0, or -1. */
static int resolve(const char *path, char out[PATH_MAX])
{
  if (realpath(path, out))
    return 0;
  if (errno != ENOENT)
    return -1;
  const char *slash = strrchr(path, '/');
  while (slash && slash > path && slash[-1] == '/')
    slash--;
  char *parent = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
                       : strdup(".");
  if (!parent)
    return -1;
  char dir[PATH_MAX];
  int rc = resolve(parent, dir);
  free(parent);
  const char *base = slash ? strrchr(path, '/') + 1 : path;
  if (rc != 0 || !strcmp(base, "..") ||
      strlen(dir) + strlen(base) + 2 > PATH_MAX)
    return -1;
  if (!strcmp(base, ".") || !*base) {
    strcpy(out, dir);
  } else {
    size_t dl = strlen(dir), bl = strlen(base);
    memcpy(out, dir, dl);
    if (dir[dl - 1] != '/')
      out[dl++] = '/';
    memcpy(out + dl, base, bl + 1);
  }
  return 0;
}

static int below(const char *a, const char *b)
{
  size_t bl = strlen(b);
  return !strncmp(a, b, bl) && (a[bl] == '/' || a[bl] == '\0' ||
                                (bl == 1 && b[0] == '/'));
}

int sc_path_place(const char *out, const char *in)
{
  char o[PATH_MAX], p[PATH_MAX];
  if (resolve(out, o) != 0 || resolve(in, p) != 0)
    return SC_PATH_APART;
  if (below(p, o))
    return SC_PATH_INPUT_INSIDE;
  if (below(o, p))
    return SC_PATH_OUTPUT_INSIDE;
  return SC_PATH_APART;
}
