/*
 * outdir.h - writing inside an output folder through descriptors.
 *
 * OUTDIR is opened once. Every folder below it is opened one component at
 * a time with O_NOFOLLOW|O_DIRECTORY, every file is created with
 * O_EXCL|O_NOFOLLOW in its folder's descriptor and renamed there
 * (renameat), links are made with linkat and removals use unlinkat. A
 * link or file planted where a folder of ours goes is refused, and a
 * folder swapped for a link after it was opened changes nothing: the
 * descriptor still names the folder that was opened. So no link planted
 * in OUTDIR, before or during a run, can carry a write out of it.
 */
#ifndef SC_OUTDIR_H
#define SC_OUTDIR_H

#include <stdio.h>
#include <sys/types.h>

typedef struct odir {
  int fd;        /* OUTDIR itself */
  char *path;    /* for messages */
} odir;

/* Creates path (and its parents) and opens it. 0, or -1 with errno. */
int od_open(odir *od, const char *path);
void od_close(odir *od);

/* path under dir ("dir/name"); caller frees. */
char *path_join(const char *dir, const char *name);

/* Opens the folder rel (components separated by '/') below dirfd, making
 * missing ones when create. A link or a file on the way fails (ELOOP or
 * ENOTDIR). A new descriptor, or -1 with errno. */
int od_dir(int dirfd, const char *rel, int create);
/* Opens the folder that holds the file rel below dirfd (as od_dir) and
 * points *base at rel's last component. */
int od_parent(int dirfd, const char *rel, int create, const char **base);

/* Creates a temporary file ".NAME.tmp.XXXXXX" in dirfd (O_EXCL, mode
 * 0666 less the umask); *tmp gets its name (caller frees). fd or -1. */
int od_tmp(int dirfd, const char *name, char **tmp);
/* Writes p[0..n) to fd, going on after short writes. 0, or -1 with errno. */
int od_write_all(int fd, const char *p, size_t n);
/* Writes the pieces to name in dirfd through a temporary file and a
 * rename. 0, or -1 with errno. */
int od_write_atomic(int dirfd, const char *name, const char *const *parts,
                    const size_t *lens, size_t n);
/* Opens name in dirfd for reading; only a regular file (a link is ELOOP,
 * anything else EINVAL). NULL with errno. */
FILE *od_read(int dirfd, const char *name);
/* 1 when name in dirfd is a regular file (not a link). */
int od_is_file(int dirfd, const char *name);

/* Removes the temporary files a killed run left (".NAME.tmp.*") in dirfd
 * and the folders below it. */
void od_sweep_temps(int dirfd, int depth);
/* Removes name in dirfd and, for a folder, everything below it. 0, or -1
 * with errno (ENOENT is not an error). */
int od_remove(int dirfd, const char *name);

/* Where an input is with respect to the output folder out, neither of
 * them needing to exist yet (links and ".." resolved). */
enum { OD_APART, OD_INPUT_INSIDE /* or the same */, OD_OUTPUT_INSIDE };
int od_place(const char *out, const char *in);

/* An output file written through a temporary file beside it. */
typedef struct afile {
  FILE *fp;
  int dirfd;         /* not owned */
  char *name, *tmp;
  char *shown;       /* the path for messages */
} afile;
/* 0, or -1 with the message printed. */
int afile_open(afile *a, const odir *od, const char *name);
/* Flushes, syncs and renames; 0, or -1 with the message printed. */
int afile_commit(afile *a);
void afile_abort(afile *a);

#endif /* SC_OUTDIR_H */
