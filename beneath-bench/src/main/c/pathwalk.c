/*
 * The C reference for the resolve benchmarks: how fast the kernel resolves a path inside a
 * root when nothing stands between the caller and the system call.
 *
 *   pathwalk openat2|walk ROOT PATH ITERATIONS
 *
 * openat2: one openat2(root, PATH, {O_PATH|O_CLOEXEC, RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS})
 *          and a close per operation (the floor).
 * walk:    openat(cur, component, O_PATH|O_NOFOLLOW|O_CLOEXEC) for each component, closing
 *          each directory once the next one is open, and the last descriptor at the end.
 *
 * Prints the median nanoseconds per operation of 7 timed rounds, after one warm-up round.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 7

static int root_fd;
static char components[4096];
static const char *names[1024];
static int name_count;

static void die(const char *what) {
    fprintf(stderr, "pathwalk: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void one_openat2(const char *path) {
    struct open_how how = {
        .flags = O_PATH | O_CLOEXEC,
        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
    };
    int fd = (int) syscall(SYS_openat2, root_fd, path, &how, sizeof how);
    if (fd < 0) {
        die("openat2");
    }
    close(fd);
}

static void one_walk(void) {
    int cur = root_fd;
    for (int i = 0; i < name_count; i++) {
        int next = openat(cur, names[i], O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0) {
            die("openat");
        }
        if (cur != root_fd) {
            close(cur);
        }
        cur = next;
    }
    if (cur != root_fd) {
        close(cur);
    }
}

static double round_ns(int walk, const char *path, long iterations) {
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long i = 0; i < iterations; i++) {
        if (walk) {
            one_walk();
        } else {
            one_openat2(path);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double ns = (double) (end.tv_sec - start.tv_sec) * 1e9 + (double) (end.tv_nsec - start.tv_nsec);
    return ns / (double) iterations;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: pathwalk openat2|walk ROOT PATH ITERATIONS\n");
        return 2;
    }
    int walk = strcmp(argv[1], "walk") == 0;
    root_fd = open(argv[2], O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) {
        die(argv[2]);
    }
    const char *path = argv[3];
    long iterations = atol(argv[4]);
    snprintf(components, sizeof components, "%s", path);
    for (char *save = NULL, *c = strtok_r(components, "/", &save); c != NULL && name_count < 1024;
            c = strtok_r(NULL, "/", &save)) {
        names[name_count++] = c;
    }
    round_ns(walk, path, iterations);
    double rounds[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        rounds[r] = round_ns(walk, path, iterations);
    }
    qsort(rounds, ROUNDS, sizeof rounds[0], compare);
    printf("%.1f\n", rounds[ROUNDS / 2]);
    return 0;
}
